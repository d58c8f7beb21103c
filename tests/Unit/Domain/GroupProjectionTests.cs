using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class GroupProjectionTests
{
    private readonly GroupState _s = new() { SizeCap = 2 };

    private static EngineEvent Join(string customer, DateTimeOffset? at = null, string? persona = "p1") =>
        Ev.Make(EventTypes.MemberJoined, customer, "g1", persona, at: at);

    private static EngineEvent Leave(string customer) => Ev.Make(EventTypes.MemberLeft, customer, "g1", "p1");

    private static EngineEvent Say(string customer, DateTimeOffset at, string text = "hello") => Ev.Chat(text, customer, null, "g1", at);

    private IReadOnlyList<GrainEffect> Apply(EngineEvent e) => GroupProjection.Apply(_s, e);

    [Fact]
    public void Joins_beyond_the_cap_are_refused_counted_and_alerted()
    {
        Apply(Join("c1"));
        Apply(Join("c2"));

        var effects = Apply(Join("c3"));

        Assert.Equal(["c1", "c2"], _s.Members.Keys.Order());
        Assert.Equal(1, _s.RefusedJoins);
        Assert.Equal(2, _s.JoinsTotal);
        Assert.Equal("refused_full", _s.History[^1].Change);
        var alert = Assert.Single(effects);
        Assert.Equal(EffectKind.PublishToPersona, alert.Kind);
        Assert.Equal("p1", alert.TargetId);
        Assert.Equal(ConsoleItemKinds.GroupAlert, alert.Item!.Kind);
        Assert.Equal("c3", alert.Item.CustomerId);
    }

    [Fact]
    public void Joining_twice_is_one_membership()
    {
        Apply(Join("c1"));
        Apply(Join("c1", Ev.T0.AddDays(1)));

        Assert.Single(_s.Members);
        Assert.Equal(1, _s.JoinsTotal);
        Assert.Equal(Ev.T0, _s.Members["c1"].JoinedAt);
    }

    [Fact]
    public void Leaving_frees_a_place_under_the_cap()
    {
        Apply(Join("c1"));
        Apply(Join("c2"));
        Apply(Leave("c1"));
        Apply(Join("c3"));

        Assert.Equal(["c2", "c3"], _s.Members.Keys.Order());
        Assert.Equal(1, _s.LeavesTotal);
        Assert.Equal(0, _s.RefusedJoins);
    }

    [Fact]
    public void Leaving_a_group_one_is_not_in_changes_nothing()
    {
        Apply(Leave("c9"));

        Assert.Equal(0, _s.LeavesTotal);
        Assert.Empty(_s.History);
    }

    [Fact]
    public void Owner_persona_comes_from_the_first_event_that_names_one()
    {
        Apply(Join("c1", persona: null));
        Apply(Join("c2", persona: "p2"));
        Apply(Join("c3", persona: "p3"));

        Assert.Equal("p2", _s.OwnerPersonaId);
    }

    [Fact]
    public void Group_without_owner_raises_no_alert_when_full()
    {
        var s = new GroupState { SizeCap = 0 };

        Assert.Empty(GroupProjection.Apply(s, Join("c1", persona: null)));
        Assert.Equal(1, s.RefusedJoins);
    }

    [Fact]
    public void Messages_are_counted_per_member_and_published()
    {
        Apply(Join("c1"));

        var effects = Apply(Say("c1", Ev.T0.AddMinutes(5), "早上好"));
        Apply(Say("outsider", Ev.T0.AddMinutes(6)));

        Assert.Equal(2, _s.MessagesTotal);
        Assert.Equal(1, _s.Members["c1"].Messages);
        Assert.Equal(Ev.T0.AddMinutes(5), _s.Members["c1"].LastMessageAt);
        Assert.Equal(Ev.T0.AddMinutes(6), _s.LastActivityAt);
        Assert.Equal(2, _s.RecentMessages.Count);
        var published = Assert.Single(effects);
        Assert.Equal(ConsoleItemKinds.GroupMessage, published.Item!.Kind);
        Assert.Equal("早上好", published.Item.Text);
    }

    [Fact]
    public void Messages_per_hour_feed_the_last_24h_figure_at_a_given_now()
    {
        var now = new DateTimeOffset(2026, 6, 10, 12, 30, 0, TimeSpan.Zero);
        Apply(Say("c1", now.AddMinutes(-10)));
        Apply(Say("c1", now.AddHours(-1)));
        Apply(Say("c1", now.AddHours(-23)));
        Apply(Say("c1", now.AddHours(-25)));
        Apply(Say("c1", now.AddDays(-3)));

        var activity = GroupProjection.Activity(_s, now);

        Assert.Equal(5, activity.MessagesTotal);
        Assert.Equal(3, activity.MessagesLast24h);
        Assert.Equal(0, GroupProjection.Activity(_s, now.AddDays(2)).MessagesLast24h);
    }

    [Fact]
    public void Hour_buckets_older_than_48_hours_are_pruned()
    {
        Apply(Say("c1", Ev.T0.AddDays(-5)));
        Apply(Say("c1", Ev.T0));

        Assert.Single(_s.MessagesPerHour);
        Assert.Equal(2, _s.MessagesTotal);
    }

    [Fact]
    public void Active_members_are_those_who_spoke_in_the_last_7_days()
    {
        var s = new GroupState();
        var now = Ev.T0;
        foreach (var c in new[] { "c1", "c2", "c3", "c4" }) GroupProjection.Apply(s, Join(c, now.AddDays(-30)));
        GroupProjection.Apply(s, Say("c1", now.AddDays(-1)));
        GroupProjection.Apply(s, Say("c2", now.AddDays(-7)));
        GroupProjection.Apply(s, Say("c3", now.AddDays(-8)));

        var activity = GroupProjection.Activity(s, now);

        Assert.Equal(2, activity.ActiveMembersLast7d);
        Assert.Equal(4, activity.JoinsTotal);
        Assert.Equal(now.AddDays(-1), activity.LastActivityAt);
    }
}
