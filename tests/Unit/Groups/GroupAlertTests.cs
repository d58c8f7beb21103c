using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Groups;

/// <summary>The group view's alerts, member roles and the persona's posts, as the projection keeps them.</summary>
public sealed class GroupAlertTests
{
    private readonly GroupState _s = new() { OwnerPersonaId = "p1" };

    private IReadOnlyList<GrainEffect> Say(string customer, DateTimeOffset at) => GroupProjection.Apply(_s, Ev.Chat("领券", customer, null, "g1", at));

    [Fact]
    public void A_burst_of_messages_raises_one_spam_alert_and_a_slower_member_none()
    {
        GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, "c1", "g1"));
        GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, "c2", "g1"));

        var burst = Enumerable.Range(0, 8).SelectMany(i => Say("c1", Ev.T0.AddSeconds(i * 5))).ToList();
        var slow = Enumerable.Range(0, 8).SelectMany(i => Say("c2", Ev.T0.AddSeconds(i * 20))).ToList();

        var alert = Assert.Single(burst, e => e.Item?.Kind == ConsoleItemKinds.GroupAlert);
        Assert.Equal(("p1", "c1"), (alert.TargetId, alert.Item!.CustomerId));
        Assert.DoesNotContain(slow, e => e.Item?.Kind == ConsoleItemKinds.GroupAlert);
        var stored = Assert.Single(GroupProjection.Alerts(_s, Ev.T0.AddMinutes(5)));
        Assert.Equal(("spam", "c1", Ev.T0.AddSeconds(20)), (stored.Kind, stored.CustomerId, stored.At));
    }

    [Fact]
    public void A_member_who_bursts_again_after_the_window_is_alerted_again()
    {
        GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, "c1", "g1"));

        for (var i = 0; i < GroupProjection.SpamBurst; i++) Say("c1", Ev.T0.AddSeconds(i));
        for (var i = 0; i < GroupProjection.SpamBurst; i++) Say("c1", Ev.T0.AddMinutes(10).AddSeconds(i));

        Assert.Equal(2, GroupProjection.Alerts(_s, Ev.T0.AddMinutes(11)).Count(a => a.Kind == "spam"));
    }

    [Fact]
    public void A_group_with_members_and_a_week_of_silence_shows_a_dead_alert_first()
    {
        GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, "c1", "g1", at: Ev.T0));

        Assert.Empty(GroupProjection.Alerts(_s, Ev.T0.AddDays(6)));
        var dead = Assert.Single(GroupProjection.Alerts(_s, Ev.T0.AddDays(9)));
        Assert.Equal(("dead", Ev.T0.AddDays(7)), (dead.Kind, dead.At));
        Assert.Empty(GroupProjection.Alerts(new GroupState(), Ev.T0.AddDays(90)));
    }

    [Fact]
    public void A_member_joining_as_admin_keeps_the_role()
    {
        GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, "c1", "g1", data: """{"role":"admin"}"""));
        GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, "c2", "g1"));

        Assert.Equal((GroupRoles.Admin, GroupRoles.Member), (_s.Members["c1"].Role, _s.Members["c2"].Role));
    }

    [Fact]
    public void A_post_is_recorded_once_per_delivery_id_and_its_feed_item_names_the_agent()
    {
        var post = new OutboxMessage("group:g1:m1", "t1", "wecom", "p1", null, "g1", "a1", "text", "今晚直播", Ev.T0, OutboxStatus.Pending, null);

        var item = GroupProjection.RecordPost(_s, post);
        var again = GroupProjection.RecordPost(_s, post);

        var recorded = Assert.Single(_s.RecentMessages);
        Assert.Equal(("group:g1:m1", null, "a1"), (recorded.EventId, recorded.CustomerId, recorded.AgentId));
        Assert.Equal(item, again);
        Assert.Equal((ConsoleItemKinds.GroupPost, "g1", "p1", "a1", "group:g1:m1"), (item.Kind, item.GroupId, item.PersonaId, item.AgentId, item.EventId));
        Assert.Equal(0, _s.MessagesTotal);
    }
}
