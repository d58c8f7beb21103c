using PrivateDomain.Grains.Cadence;
using static PrivateDomain.Tests.Unit.Cadence.CadenceKit;

namespace PrivateDomain.Tests.Unit.Cadence;

public sealed class DeferralAndIdempotencyTests
{
    private static readonly CadencePolicy Night = QuietOnly(21, 30, 8, 30);

    [Fact]
    public void Deferred_touch_comes_due_at_its_time_and_is_then_sent()
    {
        var state = new CadenceLedgerState();
        var touch = Marketing(Sh(3, 2, 22));
        Apply(state, touch, Night);

        Assert.Equal(Sh(3, 3, 8, 30), state.NextDueAt);
        Assert.Empty(CadenceLedger.DueDeferred(state, Sh(3, 3, 8, 29)));
        var due = Assert.Single(CadenceLedger.DueDeferred(state, Sh(3, 3, 8, 30)));
        var sent = CadenceLedger.Apply(state, due, Night, Shanghai, Sh(3, 3, 8, 30));

        Assert.Equal(CadenceOutcome.Send, sent.Outcome);
        Assert.Empty(state.Deferred);
        Assert.Null(state.NextDueAt);
        Assert.Equal([CadenceOutcome.Defer, CadenceOutcome.Send], state.History.Select(h => h.Decision.Outcome));
    }

    [Fact]
    public void Deferred_touch_rechecked_into_a_full_cap_is_deferred_again()
    {
        var state = new CadenceLedgerState();
        var policy = Night with
        {
            Caps = [FrequencyCap.Marketing("marketing_24h", 1, TimeSpan.FromHours(24))],
            MaxDeferral = TimeSpan.FromDays(2),
        };
        var early = Marketing(Sh(3, 2, 22));
        Apply(state, early, policy);
        Apply(state, Marketing(Sh(3, 3, 8, 30)), policy); // another source gets the morning slot first

        var recheck = CadenceLedger.Apply(state, early, policy, Shanghai, Sh(3, 3, 8, 30));

        Assert.Equal((CadenceOutcome.Defer, CadenceReasons.CapReached), (recheck.Outcome, recheck.Reason));
        Assert.Equal(Sh(3, 4, 8, 30), recheck.Until);
        Assert.Equal(2, Assert.Single(state.Deferred).Deferrals);
    }

    [Fact]
    public void Touch_that_cannot_go_out_within_its_maximum_deferral_is_dropped_and_recorded()
    {
        var state = new CadenceLedgerState();
        var policy = Night with { MaxDeferral = TimeSpan.FromHours(4) };

        var decision = Apply(state, Marketing(Sh(3, 2, 22)), policy);

        Assert.Equal((CadenceOutcome.Drop, CadenceReasons.MaxDeferralExceeded), (decision.Outcome, decision.Reason));
        Assert.Equal(CadenceReasons.QuietHours, decision.Detail);
        Assert.Empty(state.Deferred);
        Assert.Equal(decision, Assert.Single(state.History).Decision);
    }

    [Fact]
    public void Deferred_touch_rechecked_after_its_maximum_deferral_is_dropped()
    {
        var state = new CadenceLedgerState();
        var policy = Night with { MaxDeferral = TimeSpan.FromHours(11) };
        var touch = Marketing(Sh(3, 2, 22));
        Assert.Equal(CadenceOutcome.Defer, Apply(state, touch, policy).Outcome);

        var late = CadenceLedger.Apply(state, touch, policy, Shanghai, Sh(3, 3, 10)); // the reminder fired late

        Assert.Equal((CadenceOutcome.Drop, CadenceReasons.MaxDeferralExceeded), (late.Outcome, late.Reason));
        Assert.Empty(state.Deferred);
    }

    [Fact]
    public void Touch_without_any_allowed_time_before_its_deadline_is_skipped_by_a_zero_cap()
    {
        var policy = CapsOnly(FrequencyCap.Marketing("no_sms", 0, TimeSpan.FromDays(1), CadenceChannels.Sms));

        var decision = Apply(new CadenceLedgerState(), Marketing(Sh(3, 2, 10), channel: CadenceChannels.Sms), policy);

        Assert.Equal((CadenceOutcome.Skip, "no_sms"), (decision.Outcome, decision.Detail));
    }

    [Fact]
    public void Redelivered_touch_id_is_skipped_as_a_duplicate_and_sends_once()
    {
        var state = new CadenceLedgerState();
        var touch = Marketing(Sh(3, 2, 10));
        Apply(state, touch, Night);

        var again = CadenceLedger.Apply(state, touch, Night, Shanghai, Sh(3, 2, 11));

        Assert.Equal((CadenceOutcome.Skip, CadenceReasons.DuplicateTouch), (again.Outcome, again.Reason));
        Assert.Equal([CadenceOutcome.Send, CadenceOutcome.Skip], state.History.Select(h => h.Decision.Outcome));
    }

    [Fact]
    public void Redelivery_of_a_deferred_touch_before_it_is_due_is_skipped_and_keeps_it_queued()
    {
        var state = new CadenceLedgerState();
        var touch = Marketing(Sh(3, 2, 22));
        Apply(state, touch, Night);

        var again = CadenceLedger.Apply(state, touch, Night, Shanghai, Sh(3, 2, 23));

        Assert.Equal(CadenceReasons.DuplicateTouch, again.Reason);
        Assert.Equal(Sh(3, 3, 8, 30), Assert.Single(state.Deferred).Until);
    }

    [Fact]
    public void Redelivery_of_a_dropped_touch_is_skipped_rather_than_decided_again()
    {
        var state = new CadenceLedgerState();
        var policy = Night with { MaxDeferral = TimeSpan.FromHours(1) };
        var touch = Marketing(Sh(3, 2, 22));
        Apply(state, touch, policy);

        Assert.Equal(CadenceReasons.DuplicateTouch, CadenceLedger.Apply(state, touch, policy, Shanghai, Sh(3, 2, 22, 5)).Reason);
    }

    [Fact]
    public void History_keeps_only_the_newest_decisions()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly() with { HistoryLimit = 3 };
        for (var hour = 9; hour < 15; hour++) Apply(state, Marketing(Sh(3, 2, hour), id: $"t{hour}"), policy);

        Assert.Equal(["t12", "t13", "t14"], state.History.Select(h => h.Touch.Id));
    }

    [Fact]
    public void Due_deferred_touches_come_back_in_due_order()
    {
        var state = new CadenceLedgerState();
        var policy = Night with { Caps = [FrequencyCap.Marketing("marketing_24h", 1, TimeSpan.FromHours(24))] };
        Apply(state, Marketing(Sh(3, 2, 10), id: "sent"), policy);
        Apply(state, Marketing(Sh(3, 2, 11), id: "capped"), policy);
        Apply(state, Service(Sh(3, 2, 22), id: "night"), policy);

        Assert.Equal(["night", "capped"], CadenceLedger.DueDeferred(state, Sh(3, 3, 11)).Select(t => t.Id));
        Assert.Equal(["night"], CadenceLedger.DueDeferred(state, Sh(3, 3, 9)).Select(t => t.Id));
    }
}
