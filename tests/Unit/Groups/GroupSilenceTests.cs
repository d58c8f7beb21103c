using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Groups;

/// <summary>The dead-group alert: when a silence is due one, that it is given once per silence, and what it suggests.</summary>
public sealed class GroupSilenceTests
{
    private readonly GroupState _s = new() { OwnerPersonaId = "p1" };

    private void Join(int members, DateTimeOffset at)
    {
        for (var i = 1; i <= members; i++) GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberJoined, $"c{i}", "g1", at: at));
    }

    private void Say(DateTimeOffset at) => GroupProjection.Apply(_s, Ev.Chat("早", "c1", null, "g1", at));

    [Theory]
    [InlineData(1, false, "invite more customers (share the group's live code) and welcome them by name")]
    [InlineData(4, true, "invite more customers (share the group's live code) and welcome them by name")]
    [InlineData(5, false, "post a topic or start a check-in")]
    [InlineData(200, false, "post a topic or start a check-in")]
    [InlineData(5, true, "the persona's posts got no replies: ask the members a question or start a check-in with a small reward")]
    public void The_suggestion_depends_on_the_member_count_and_on_unanswered_persona_posts(int members, bool posted, string expected) =>
        Assert.Equal(expected, GroupSilence.Suggest(members, posted));

    [Fact]
    public void A_silence_is_due_from_a_week_after_the_last_activity_and_only_with_members()
    {
        Assert.Null(GroupSilence.DeadAt(_s));
        Join(6, Ev.T0);
        Say(Ev.T0.AddHours(1));
        var deadAt = Ev.T0.AddHours(1) + GroupProjection.DeadAfter;

        Assert.Equal(deadAt, GroupSilence.DeadAt(_s));
        Assert.Null(GroupSilence.Due(_s, deadAt.AddTicks(-1)));
        var due = GroupSilence.Due(_s, deadAt);
        Assert.Equal(("dead", deadAt, "No activity for 7 days — suggestion: post a topic or start a check-in"), (due?.Kind, due?.At, due?.Text));
        Assert.Equal("No activity for 9 days — suggestion: post a topic or start a check-in", GroupSilence.Due(_s, deadAt.AddDays(2))?.Text);

        foreach (var member in _s.Members.Keys.ToList()) GroupProjection.Apply(_s, Ev.Make(EventTypes.MemberLeft, member, "g1", at: Ev.T0.AddHours(2)));
        Assert.Null(GroupSilence.DeadAt(_s));
        Assert.Null(GroupSilence.Due(_s, deadAt.AddDays(30)));
    }

    [Fact]
    public void A_dead_group_is_alerted_once_per_silence_and_new_activity_re_arms_it()
    {
        Join(6, Ev.T0);
        var deadAt = Ev.T0 + GroupProjection.DeadAfter;

        Assert.Empty(GroupProjection.AlertIfDead(_s, "g1", deadAt.AddMinutes(-1)));
        var first = Assert.Single(GroupProjection.AlertIfDead(_s, "g1", deadAt.AddMinutes(5)));
        var again = GroupProjection.AlertIfDead(_s, "g1", deadAt.AddDays(1));

        Assert.Empty(again);
        Assert.Equal(("p1", ConsoleItemKinds.GroupAlert, "g1", deadAt, $"dead:g1:{Ev.T0.UtcTicks}"),
            (first.TargetId, first.Item!.Kind, first.Item.GroupId, first.Item.At, first.Item.EventId));
        Assert.StartsWith("No activity for 7 days — suggestion: ", first.Item.Text);
        Assert.Null(GroupSilence.DeadAt(_s));
        // Stored, and no longer computed as well: the view lists it once.
        Assert.Equal(["dead"], GroupProjection.Alerts(_s, deadAt.AddDays(1)).Select(a => a.Kind));

        var spoke = deadAt.AddDays(2);
        Say(spoke);
        Assert.Equal(spoke + GroupProjection.DeadAfter, GroupSilence.DeadAt(_s));
        Assert.Empty(GroupProjection.AlertIfDead(_s, "g1", spoke.AddDays(6)));
        var second = Assert.Single(GroupProjection.AlertIfDead(_s, "g1", spoke.AddDays(7)));
        Assert.Equal($"dead:g1:{spoke.UtcTicks}", second.Item!.EventId);
        Assert.Equal(["dead", "dead"], GroupProjection.Alerts(_s, spoke.AddDays(8)).Select(a => a.Kind));
    }

    [Fact]
    public void A_persona_post_after_the_last_activity_changes_the_suggestion_but_does_not_end_the_silence()
    {
        Join(6, Ev.T0);
        GroupProjection.RecordPost(_s, new OutboxMessage("group:g1:m1", "t1", "wecom", "p1", null, "g1", "a1", "text", "今晚直播",
            Ev.T0.AddDays(3), OutboxStatus.Pending, null));

        var due = GroupSilence.Due(_s, Ev.T0.AddDays(7));

        Assert.Equal(GroupSilence.Suggest(6, personaPostedRecently: true), due?.Text.Split("suggestion: ")[1]);
    }

    [Fact]
    public void A_group_without_an_owner_stores_the_alert_and_publishes_nothing()
    {
        var s = new GroupState();
        GroupProjection.Apply(s, Ev.Make(EventTypes.MemberJoined, "c1", "g1", at: Ev.T0));

        Assert.Empty(GroupProjection.AlertIfDead(s, "g1", Ev.T0.AddDays(8)));
        Assert.Equal("dead", Assert.Single(s.Alerts).Kind);
        Assert.Equal(Ev.T0, s.DeadAlertedFor);
    }
}
