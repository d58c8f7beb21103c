using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Handover;
using static PrivateDomain.Contracts.HandoverCustomerState;

namespace PrivateDomain.Tests.Unit.Handover;

public sealed class HandoverRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly HandoverOptions _options = new();
    private readonly HandoverLedgerState _ledger = new();
    private HandoverRules Rules => new(_options, _time);

    private IReadOnlyList<HandoverCustomerView> Reserve(string handover, HandoverKind kind, params string[] customers) =>
        Rules.Reserve(_ledger, handover, kind, "to", customers, receiverOwned: 0, receiverLimit: 50_000, Rules.DueAt());

    /// <summary>Reserves and completes an on-the-job transfer of one customer now.</summary>
    private void Transfer(string handover, string customer, HandoverKind kind = HandoverKind.OnTheJob)
    {
        Assert.Equal(Waiting, Reserve(handover, kind, customer).Single().State);
        Rules.Complete(_ledger, handover, kind, [customer], []);
    }

    [Fact]
    public void The_takeover_is_due_after_the_waiting_period_and_not_before()
    {
        _options.WaitingPeriod = TimeSpan.FromHours(24);
        var due = Rules.DueAt();
        Assert.Equal(Start.AddHours(24), due);
        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.False(Rules.IsDue(due));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Rules.IsDue(due));
    }

    [Fact]
    public void A_third_on_the_job_transfer_within_90_days_is_refused_up_front_as_limit()
    {
        Transfer("h1", "c1");
        _time.Advance(TimeSpan.FromDays(30));
        Transfer("h2", "c1");
        _time.Advance(TimeSpan.FromDays(30));

        var third = Reserve("h3", HandoverKind.OnTheJob, "c1").Single();

        Assert.Equal(Limit, third.State);
        Assert.Equal(HandoverRules.ReasonCap, third.Reason);
        Assert.Null(Rules.Pending(_ledger, "c1"));
    }

    [Fact]
    public void The_cap_window_rolls_the_oldest_transfer_out_after_90_days()
    {
        Transfer("h1", "c1");
        _time.Advance(TimeSpan.FromDays(60));
        Transfer("h2", "c1");
        _time.Advance(TimeSpan.FromDays(30)); // exactly 90 days after the first: it no longer counts
        Assert.Equal(Waiting, Reserve("h3", HandoverKind.OnTheJob, "c1").Single().State);
        Rules.Complete(_ledger, "h3", HandoverKind.OnTheJob, ["c1"], []);
        _time.Advance(TimeSpan.FromDays(1)); // h2 and h3 are both inside the window now
        Assert.Equal(Limit, Reserve("h4", HandoverKind.OnTheJob, "c1").Single().State);
    }

    [Fact]
    public void Resigned_transfers_are_not_capped_and_do_not_count_toward_the_cap()
    {
        Transfer("h1", "c1", HandoverKind.Resigned);
        Transfer("h2", "c1", HandoverKind.Resigned);
        Transfer("h3", "c1", HandoverKind.Resigned);
        Transfer("h4", "c1");
        Transfer("h5", "c1");

        Transfer("h6", "c1", HandoverKind.Resigned); // two on-the-job ones in the window do not stop a resigned one
        Assert.Equal(2, _ledger.Customers["c1"].OnTheJob.Count);
        Assert.Equal(Limit, Reserve("h7", HandoverKind.OnTheJob, "c1").Single().State);
    }

    [Fact]
    public void The_receiver_limit_turns_only_the_excess_into_limit_counting_other_pending_handovers()
    {
        var first = Rules.Reserve(_ledger, "h1", HandoverKind.OnTheJob, "to", ["a", "b"], receiverOwned: 7, receiverLimit: 10, Rules.DueAt());
        var second = Rules.Reserve(_ledger, "h2", HandoverKind.OnTheJob, "to", ["c", "d"], receiverOwned: 7, receiverLimit: 10, Rules.DueAt());

        Assert.Equal([Waiting, Waiting], first.Select(c => c.State));
        Assert.Equal([Waiting, Limit], second.Select(c => c.State));
        Assert.Equal(HandoverRules.ReasonReceiverFull, second[1].Reason);
    }

    [Fact]
    public void A_customer_cannot_be_in_two_pending_handovers_until_the_first_releases_it()
    {
        Assert.Equal(Waiting, Reserve("h1", HandoverKind.OnTheJob, "c1").Single().State);

        var second = Reserve("h2", HandoverKind.Resigned, "c1").Single();
        Assert.Equal(Failed, second.State);
        Assert.Equal(HandoverRules.ReasonPending, second.Reason);
        Assert.Equal("h1", Rules.Pending(_ledger, "c1"));

        Rules.Release(_ledger, "h2", ["c1"]); // another handover cannot free it
        Assert.Equal("h1", Rules.Pending(_ledger, "c1"));
        Rules.Release(_ledger, "h1", ["c1"]);
        Assert.Equal(Waiting, Reserve("h3", HandoverKind.OnTheJob, "c1").Single().State);
    }

    [Fact]
    public void A_reservation_lapses_after_its_due_time_plus_grace()
    {
        _options.PendingGrace = TimeSpan.FromHours(1);
        Reserve("h1", HandoverKind.OnTheJob, "c1");
        _time.Advance(_options.WaitingPeriod + TimeSpan.FromHours(1));
        Assert.Null(Rules.Pending(_ledger, "c1"));
        Assert.Equal(Waiting, Reserve("h2", HandoverKind.OnTheJob, "c1").Single().State);
    }

    [Fact]
    public void Duplicates_in_a_request_and_a_repeated_reservation_are_counted_once()
    {
        var first = Rules.Reserve(_ledger, "h1", HandoverKind.OnTheJob, "to", ["a", "a", "b"], receiverOwned: 0, receiverLimit: 2, Rules.DueAt());
        var again = Rules.Reserve(_ledger, "h1", HandoverKind.OnTheJob, "to", ["a", "b"], receiverOwned: 0, receiverLimit: 2, Rules.DueAt());

        Assert.Equal(["a", "b"], first.Select(c => c.CustomerId));
        Assert.All(first.Concat(again), c => Assert.Equal(Waiting, c.State));
        Assert.Equal(["h1"], _ledger.Recent);
    }

    [Fact]
    public void A_repeated_completion_counts_one_transfer()
    {
        Reserve("h1", HandoverKind.OnTheJob, "c1");
        Rules.Complete(_ledger, "h1", HandoverKind.OnTheJob, ["c1"], []);
        Rules.Complete(_ledger, "h1", HandoverKind.OnTheJob, ["c1"], []);

        Assert.Single(_ledger.Customers["c1"].OnTheJob);
        Assert.Equal(Waiting, Reserve("h2", HandoverKind.OnTheJob, "c1").Single().State);
    }

    [Fact]
    public void Only_a_waiting_on_the_job_transfer_can_be_refused_and_only_before_it_is_due()
    {
        var due = Rules.DueAt();
        Assert.True(Rules.CanRefuse(HandoverKind.OnTheJob, Waiting, due));
        Assert.False(Rules.CanRefuse(HandoverKind.Resigned, Waiting, due));
        Assert.False(Rules.CanRefuse(HandoverKind.OnTheJob, Limit, due));
        _time.Advance(_options.WaitingPeriod);
        Assert.False(Rules.CanRefuse(HandoverKind.OnTheJob, Waiting, due));
    }

    [Fact]
    public void A_refused_transfer_does_not_count_toward_the_cap()
    {
        Transfer("h1", "c1");
        Reserve("h2", HandoverKind.OnTheJob, "c1");
        Rules.Release(_ledger, "h2", ["c1"]); // refused
        Transfer("h3", "c1");
        Assert.Equal(2, _ledger.Customers["c1"].OnTheJob.Count);
    }

    [Fact]
    public void Counts_list_every_state()
    {
        var counts = HandoverRules.Count([new("a", Waiting, null), new("b", Waiting, null), new("c", Limit, "x")]);
        Assert.Equal(2, counts[Waiting]);
        Assert.Equal(1, counts[Limit]);
        Assert.Equal(0, counts[Completed]);
        Assert.Equal(Enum.GetValues<HandoverCustomerState>().Length, counts.Count);
    }
}
