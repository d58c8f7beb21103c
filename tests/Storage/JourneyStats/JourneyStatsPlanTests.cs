using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Storage.JourneyStats;

public sealed class JourneyStatsPlanTests
{
    private static JourneyStatsWrite W(string customer, long seq, params (string Step, JourneyStatKind Kind, long Amount)[] deltas) =>
        new("t", "j", new JourneyStatsUpdate(customer, seq, deltas.Select(d => new JourneyStatsDelta(1, d.Step, d.Kind, Amount: d.Amount)).ToList()));

    [Fact]
    public void Updates_count_in_batch_order_against_what_is_stored()
    {
        var writes = new[]
        {
            W("c1", 5, ("a", JourneyStatKind.StepEntered, 1)), // stored 5: a resend
            W("c1", 6, ("b", JourneyStatKind.StepEntered, 1)),
            W("c1", 6, ("b", JourneyStatKind.StepEntered, 1)), // the same update twice in one batch
            W("c2", 1, ("a", JourneyStatKind.StepEntered, 1)),
            W("c1", 7, ("a", JourneyStatKind.StepEntered, 1)),
        };
        var stored = new Dictionary<JourneyStatsCustomerKey, long> { [new("t", "j", "c1")] = 5 };

        var plan = JourneyStatsPlan.Make(writes, stored);

        Assert.Equal([false, true, false, true, true], plan.Counted);
        Assert.Equal([(new JourneyStatsCustomerKey("t", "j", "c1"), 7L), (new JourneyStatsCustomerKey("t", "j", "c2"), 1L)],
            plan.Sequences.Select(s => (s.Key, s.Value)));
        Assert.Equal([("b", 1L), ("a", 2L)], plan.Counters.Select(c => (c.Key.StepId, c.Value)));
    }

    [Fact]
    public void Counters_that_cancel_out_are_kept_at_zero_in_first_seen_order()
    {
        var plan = JourneyStatsPlan.Make(
            [W("c1", 1, ("wait", JourneyStatKind.Waiting, 1), ("next", JourneyStatKind.StepEntered, 1)), W("c1", 2, ("wait", JourneyStatKind.Waiting, -1))],
            new Dictionary<JourneyStatsCustomerKey, long>());

        Assert.Equal([("wait", 0L), ("next", 1L)], plan.Counters.Select(c => (c.Key.StepId, c.Value)));
    }

    [Fact]
    public void Keys_are_distinct_and_ordinal_sorted()
    {
        var keys = JourneyStatsPlan.Keys([W("b", 1), W("a", 1), W("b", 2), W("B", 1)]);

        Assert.Equal(["B", "a", "b"], keys.Select(k => k.CustomerId));
    }
}
