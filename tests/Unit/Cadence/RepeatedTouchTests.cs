using PrivateDomain.Grains.Cadence;
using static PrivateDomain.Tests.Unit.Cadence.CadenceKit;

namespace PrivateDomain.Tests.Unit.Cadence;

/// <summary>What a repeated touch id is answered with: the decision it already had, never a fresh one.</summary>
public sealed class RepeatedTouchTests
{
    private static readonly CadencePolicy Night = QuietOnly(21, 30, 8, 30);

    [Fact]
    public void Last_decision_of_a_touch_is_its_newest_outcome_not_a_duplicate_skip()
    {
        var state = new CadenceLedgerState();
        var touch = Marketing(Sh(3, 2, 22), id: "t1");
        Apply(state, touch, Night);
        CadenceLedger.Apply(state, touch, Night, Shanghai, Sh(3, 2, 23));
        CadenceLedger.Apply(state, touch, Night, Shanghai, Sh(3, 3, 8, 30));

        var last = CadenceLedger.LastDecision(state, "t1");

        Assert.Equal((CadenceOutcome.Send, Sh(3, 3, 8, 30)), (last?.Outcome, last?.DecidedAt));
        Assert.True(CadenceLedger.Knows(state, "t1"));
        Assert.False(CadenceLedger.Knows(state, "t2"));
        Assert.Null(CadenceLedger.LastDecision(state, "t2"));
    }

    [Fact]
    public void A_deferral_that_left_the_history_is_still_answered_from_the_queue()
    {
        var state = new CadenceLedgerState();
        var policy = Night with { HistoryLimit = 2 };
        CadenceLedger.Apply(state, Marketing(Sh(3, 2, 22), id: "held"), policy, Shanghai, Sh(3, 2, 22));
        CadenceLedger.Apply(state, Service(Sh(3, 2, 23)), policy, Shanghai, Sh(3, 2, 23));
        CadenceLedger.Apply(state, Service(Sh(3, 2, 23, 30)), policy, Shanghai, Sh(3, 2, 23, 30));

        var last = CadenceLedger.LastDecision(state, "held");

        Assert.DoesNotContain(state.History, h => h.Touch.Id == "held");
        Assert.Equal((CadenceOutcome.Defer, CadenceReasons.QuietHours, (DateTimeOffset?)Sh(3, 3, 8, 30)), (last?.Outcome, last?.Reason, last?.Until));
    }
}
