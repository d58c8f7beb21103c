using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Groups;

namespace PrivateDomain.Tests.Unit.Groups;

public sealed class PoolRouterTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AlertInterval = TimeSpan.FromMinutes(10);

    private static PoolState Pool(bool autoOpen = false, int maxGroups = 50, int reservationMinutes = 60, string? owner = "p1", params PoolGroup[] groups)
    {
        var s = new PoolState { Settings = new GroupPoolSettings("Fans", owner, autoOpen, 200, maxGroups, reservationMinutes, ["new"], null) };
        foreach (var g in groups) PoolRouter.PutGroup(s, g);
        return s;
    }

    private static PoolGroup G(string id, int cap = 200, int members = 0, params string[] tags) => new() { Id = id, Cap = cap, Members = members, Tags = [.. tags] };

    /// <summary>Decides and records, as the grain does (without opening groups).</summary>
    private static PoolDecision Route(PoolState s, string customer, string cause = "e1", DateTimeOffset? at = null, params string[] tags)
    {
        var now = at ?? Now;
        var key = PoolRouter.CauseKey(customer, cause);
        if (s.Decisions.TryGetValue(key, out var known)) return known;
        PoolRouter.Expire(s, now);
        var d = PoolRouter.Decide(s, customer, tags, null, now, AlertInterval);
        PoolRouter.Record(s, key, customer, d);
        return d;
    }

    [Fact]
    public void Interest_tag_match_wins_over_lower_occupancy()
    {
        var s = Pool(groups: [G("general", members: 10), G("skincare", members: 150, tags: "skincare"), G("baby", members: 0, tags: "baby")]);

        Assert.Equal("skincare", Route(s, "c1", tags: ["skincare", "vip"]).GroupId);
        Assert.Equal("baby", Route(s, "c2", tags: ["baby"]).GroupId);
    }

    [Fact]
    public void More_matching_tags_win_over_fewer()
    {
        var s = Pool(groups: [G("a", tags: "skincare"), G("b", members: 100, tags: ["skincare", "shanghai"])]);

        Assert.Equal("b", Route(s, "c1", tags: ["skincare", "shanghai"]).GroupId);
    }

    [Fact]
    public void Without_a_tag_match_the_least_occupied_group_by_fill_ratio_is_chosen()
    {
        var s = Pool(groups: [G("a", cap: 200, members: 120), G("b", cap: 500, members: 200), G("c", cap: 200, members: 90, tags: "baby")]);

        // a 60%, b 40%, c 45%: the customer's tags match nothing, so the fill decides.
        Assert.Equal("b", Route(s, "c1", tags: ["skincare"]).GroupId);
    }

    [Fact]
    public void Reserved_seats_count_as_occupied()
    {
        var s = Pool(groups: [G("a", members: 2), G("b", members: 3)]);

        var routed = Enumerable.Range(1, 4).Select(i => Route(s, $"c{i}").GroupId).ToList();

        // 2 vs 3 → a; 3 vs 3, a tie, pool order → a; 4 vs 3 → b; 4 vs 4 → a.
        Assert.Equal(["a", "a", "b", "a"], routed);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 }, PoolRouter.ReservedByGroup(s));
    }

    [Fact]
    public void Full_groups_are_skipped_even_when_their_tags_match()
    {
        var s = Pool(groups: [G("skincare", cap: 200, members: 199, tags: "skincare"), G("general", members: 50)]);

        Assert.Equal("skincare", Route(s, "c1", tags: ["skincare"]).GroupId);
        Assert.Equal("general", Route(s, "c2", tags: ["skincare"]).GroupId);
    }

    [Fact]
    public void Expired_reservations_free_their_seats()
    {
        var s = Pool(reservationMinutes: 30, groups: [G("a", cap: 200, members: 199)]);
        Assert.Equal(PoolOutcome.Reserved, Route(s, "c1").Outcome);
        Assert.Equal(PoolOutcome.Full, Route(s, "c2", at: Now.AddMinutes(29)).Outcome);

        var later = Route(s, "c3", at: Now.AddMinutes(30));

        Assert.Equal((PoolOutcome.Reserved, "a"), (later.Outcome, later.GroupId));
        Assert.Equal("c3", Assert.Single(s.Reservations).Key);
        Assert.Contains(s.Log, e => e is { Kind: "expired", CustomerId: "c1" });
    }

    [Fact]
    public void A_joined_customer_releases_the_reservation_the_member_count_now_holds()
    {
        var s = Pool(groups: [G("a", cap: 200, members: 10)]);
        Route(s, "c1");
        Route(s, "c2");

        PoolRouter.Observe(s, "a", members: 11, cap: 200, memberIds: ["c1", "x"], Now);

        Assert.Equal(["c2"], s.Reservations.Keys);
        Assert.Equal(11, s.Groups[0].Members);
    }

    [Fact]
    public void A_replayed_cause_reserves_once_and_answers_the_same()
    {
        var s = Pool(groups: [G("a"), G("b")]);

        var first = Route(s, "c1", cause: "j1:3:join");
        var again = Route(s, "c1", cause: "j1:3:join");

        Assert.Equal(first, again);
        Assert.Single(s.Reservations);
        Assert.Equal(1, s.Log.Count(e => e.Kind == "reserved"));
    }

    [Fact]
    public void A_second_cause_for_a_customer_holding_a_seat_reuses_it()
    {
        var s = Pool(groups: [G("a"), G("b")]);
        var first = Route(s, "c1", cause: "one");

        var second = Route(s, "c1", cause: "two");

        Assert.Equal((PoolOutcome.AlreadyReserved, first.GroupId), (second.Outcome, second.GroupId));
        Assert.Single(s.Reservations);
    }

    [Fact]
    public void A_known_member_is_not_routed_again()
    {
        var s = Pool(groups: [G("a"), G("b")]);

        var d = PoolRouter.Decide(s, "c1", [], memberOf: "b", Now, AlertInterval);

        Assert.Equal((PoolOutcome.AlreadyMember, "b"), (d.Outcome, d.GroupId));
    }

    [Fact]
    public void A_full_pool_that_may_auto_open_asks_for_a_group_and_routes_into_it_once_added()
    {
        var s = Pool(autoOpen: true, groups: [G("a", cap: 200, members: 200)]);

        var d = PoolRouter.Decide(s, "c1", [], null, Now, AlertInterval);
        Assert.True(PoolRouter.NeedsNewGroup(d));
        PoolRouter.PutGroup(s, new PoolGroup { Id = "opened", Cap = 200, AutoOpened = true });

        Assert.Equal((PoolOutcome.Reserved, "opened"), (Route(s, "c1").Outcome, Route(s, "c1").GroupId));
    }

    [Fact]
    public void A_full_pool_at_its_maximum_alerts_even_with_auto_open()
    {
        var s = Pool(autoOpen: true, maxGroups: 1, groups: [G("a", cap: 200, members: 200)]);

        var d = Route(s, "c1");

        Assert.Equal((PoolOutcome.Full, true), (d.Outcome, d.AlertOwner));
        Assert.Contains("maximum of 1 groups", d.Detail);
        Assert.Empty(s.Reservations);
    }

    [Fact]
    public void A_full_pool_alerts_its_owner_once_per_interval()
    {
        var s = Pool(groups: [G("a", cap: 200, members: 200)]);

        var alerts = new[] { Now, Now.AddMinutes(5), Now.AddMinutes(10), Now.AddMinutes(11) }
            .Select((at, i) => Route(s, $"c{i}", at: at)).Select(d => (d.Outcome, d.AlertOwner)).ToList();

        Assert.Equal([(PoolOutcome.Full, true), (PoolOutcome.Full, false), (PoolOutcome.Full, true), (PoolOutcome.Full, false)], alerts);
    }

    [Fact]
    public void A_full_pool_without_an_owner_cannot_alert()
    {
        var s = Pool(owner: null, groups: [G("a", cap: 200, members: 200)]);

        Assert.Equal((PoolOutcome.Full, false), (Route(s, "c1").Outcome, Route(s, "c1").AlertOwner));
    }

    [Fact]
    public void A_live_code_holds_at_most_five_groups()
    {
        var s = Pool(groups: [.. Enumerable.Range(1, 11).Select(i => G($"g{i}"))]);

        Assert.Equal([5, 5, 1], s.Codes.Select(c => c.GroupIds.Count));
        Assert.Equal(["code-1", "code-2", "code-3"], s.Codes.Select(c => c.Id));
        Assert.Equal("code-3", s.Groups.Single(g => g.Id == "g11").CodeId);
        Assert.Equal("code-2", s.Groups.Single(g => g.Id == "g6").CodeId);
    }

    [Fact]
    public void Updating_a_group_keeps_its_code_and_member_count()
    {
        var s = Pool(groups: [G("a", members: 40)]);

        PoolRouter.PutGroup(s, G("a", cap: 500, members: 0, tags: "vip"));

        var a = Assert.Single(s.Groups);
        Assert.Equal(("code-1", 40, 500, "vip"), (a.CodeId, a.Members, a.Cap, a.Tags.Single()));
        Assert.Single(s.Codes);
    }

    [Fact]
    public void Decisions_stay_bounded()
    {
        var s = Pool(groups: [G("a", cap: 200, members: 200)]);

        for (var i = 0; i <= PoolRouter.DecisionsMax; i++) Route(s, $"c{i}", at: Now.AddSeconds(i));

        Assert.True(s.Decisions.Count <= PoolRouter.DecisionsMax);
        Assert.False(s.Decisions.ContainsKey(PoolRouter.CauseKey("c0", "e1")));
        Assert.True(s.Decisions.ContainsKey(PoolRouter.CauseKey($"c{PoolRouter.DecisionsMax}", "e1")));
    }
}
