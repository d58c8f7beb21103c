using PrivateDomain.Contracts;
using PrivateDomain.Grains.Groups.Cadence;

namespace PrivateDomain.Tests.Unit.Groups;

public sealed class GroupCadenceTests
{
    private static readonly GroupCadence Defaults = new(GroupCadenceSettings.Default);

    /// <summary>A Shanghai wall-clock instant (UTC+8, no DST).</summary>
    private static DateTimeOffset Sh(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static List<GroupPost> Ledger(params DateTimeOffset[] posts) =>
        posts.Select((at, i) => new GroupPost(at, GroupPostSources.Sop, $"p{i}")).ToList();

    [Fact]
    public void A_free_daytime_slot_is_allowed_as_wanted()
    {
        var slot = Defaults.Slot([], Sh(10, 12), GroupPostSources.Campaign);
        Assert.Equal(new GroupSlot(true, Sh(10, 12), ""), slot);
    }

    [Fact]
    public void A_post_wanted_in_quiet_hours_is_deferred_to_their_end()
    {
        Assert.Equal(new GroupSlot(true, Sh(11, 8), GroupCadence.QuietHoursReason), Defaults.Slot([], Sh(10, 23, 15), GroupPostSources.Sop));
        Assert.Equal(new GroupSlot(true, Sh(10, 8), GroupCadence.QuietHoursReason), Defaults.Slot([], Sh(10, 3), GroupPostSources.Sop));
    }

    [Fact]
    public void A_post_too_close_to_another_waits_for_the_gap_after_it()
    {
        var slot = Defaults.Slot(Ledger(Sh(10, 12)), Sh(10, 12, 10), GroupPostSources.Campaign);
        Assert.Equal(new GroupSlot(true, Sh(10, 12, 30), GroupCadence.MinGap), slot);
    }

    [Fact]
    public void A_reserved_post_later_in_the_gap_also_pushes_an_earlier_one_past_it()
    {
        var slot = Defaults.Slot(Ledger(Sh(10, 12, 20), Sh(10, 12, 50)), Sh(10, 12), GroupPostSources.Sop);
        Assert.Equal(Sh(10, 13, 20), slot.At);
    }

    [Fact]
    public void A_full_day_defers_to_the_next_morning()
    {
        var slot = Defaults.Slot(Ledger(Sh(10, 9), Sh(10, 12), Sh(10, 15)), Sh(10, 18), GroupPostSources.Campaign);
        Assert.Equal(new GroupSlot(true, Sh(11, 8), GroupCadence.CapReached), slot);
    }

    [Fact]
    public void The_cap_counts_the_local_day_not_the_utc_day()
    {
        // 07:30 Shanghai on the 11th is 23:30 UTC on the 10th: the 10th's three posts do not count against it.
        var quietless = new GroupCadence(GroupCadenceSettings.Default with { QuietStart = "00:00", QuietEnd = "00:00" });
        var slot = quietless.Slot(Ledger(Sh(10, 9), Sh(10, 12), Sh(10, 15)), Sh(11, 7, 30), GroupPostSources.Sop);
        Assert.Equal(new GroupSlot(true, Sh(11, 7, 30), ""), slot);
    }

    [Fact]
    public void No_slot_within_the_deferral_is_refused_as_cap_reached()
    {
        var tight = new GroupCadence(GroupCadenceSettings.Default with { MaxPostsPerDay = 1, MaxDeferralHours = 6 });
        var slot = tight.Slot(Ledger(Sh(10, 9)), Sh(10, 18), GroupPostSources.Campaign);
        Assert.Equal(new GroupSlot(false, Sh(10, 18), GroupCadence.CapReached), slot);
    }

    [Fact]
    public void Agent_posts_are_allowed_even_in_quiet_hours_on_a_full_day()
    {
        var slot = Defaults.Slot(Ledger(Sh(10, 9), Sh(10, 12), Sh(10, 15)), Sh(10, 23), GroupPostSources.Agent);
        Assert.Equal(new GroupSlot(true, Sh(10, 23), ""), slot);
    }

    [Fact]
    public void An_agent_post_counts_toward_the_day()
    {
        var ledger = Ledger(Sh(10, 9), Sh(10, 12));
        GroupCadence.Record(ledger, new GroupPost(Sh(10, 14), GroupPostSources.Agent, "a1"), Sh(10, 14));
        Assert.Equal(Sh(11, 8), Defaults.Slot(ledger, Sh(10, 18), GroupPostSources.Sop).At);
    }

    [Fact]
    public void The_group_time_zone_decides_quiet_hours()
    {
        var newYork = new GroupCadence(GroupCadenceSettings.Default with { TimeZone = "America/New_York" });
        // 12:00 Shanghai is 00:00 in New York (EDT since 8 March 2026, UTC-4): quiet until 08:00 there.
        var slot = newYork.Slot([], Sh(10, 12), GroupPostSources.Sop);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.FromHours(-4)), slot.At);
    }

    [Fact]
    public void Recording_replaces_the_same_key_and_drops_old_posts()
    {
        var ledger = Ledger(Sh(1, 9));
        GroupCadence.Record(ledger, new GroupPost(Sh(10, 9), GroupPostSources.Campaign, "c"), Sh(10, 9));
        GroupCadence.Record(ledger, new GroupPost(Sh(10, 11), GroupPostSources.Campaign, "c"), Sh(10, 9));
        Assert.Equal([new GroupPost(Sh(10, 11), GroupPostSources.Campaign, "c")], ledger);
    }

    [Fact]
    public void The_ledger_stays_bounded()
    {
        var ledger = new List<GroupPost>();
        for (var i = 0; i < GroupCadence.LedgerMax + 50; i++)
            GroupCadence.Record(ledger, new GroupPost(Sh(10, 9).AddSeconds(i), GroupPostSources.Agent, $"a{i}"), Sh(10, 9));
        Assert.Equal(GroupCadence.LedgerMax, ledger.Count);
        Assert.Equal($"a{GroupCadence.LedgerMax + 49}", ledger[^1].Key);
    }
}
