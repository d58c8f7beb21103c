using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>The idempotency key of journey stats: one customer's updates to one journey.</summary>
public readonly record struct JourneyStatsCustomerKey(string TenantId, string JourneyId, string CustomerId);

/// <summary>One counter's identity.</summary>
public readonly record struct JourneyStatsCounterKey(string TenantId, string JourneyId, int Version, string StepId, JourneyStatKind Kind, string Reason);

/// <summary>One journey stats update on its way into a batch.</summary>
public sealed record JourneyStatsWrite(string TenantId, string JourneyId, JourneyStatsUpdate Update)
{
    public JourneyStatsCustomerKey Key => new(TenantId, JourneyId, Update.CustomerId);
}

/// <summary>
/// What a batch of updates does, given the sequences already stored: which updates count (in batch order, so a
/// customer's 5 then 6 both count and a repeated 5 does not), each customer key's new sequence, and the counters'
/// summed changes in the order each counter first appears (new counters are created in that order, which is the
/// step order analytics show). Pure, so each store only loads, locks and writes.
/// </summary>
public sealed class JourneyStatsPlan
{
    private JourneyStatsPlan(bool[] counted, IReadOnlyList<KeyValuePair<JourneyStatsCustomerKey, long>> sequences,
        IReadOnlyList<KeyValuePair<JourneyStatsCounterKey, long>> counters)
    {
        Counted = counted;
        Sequences = sequences;
        Counters = counters;
    }

    /// <summary>Per write, in batch order: whether it counted.</summary>
    public IReadOnlyList<bool> Counted { get; }

    /// <summary>The customer keys whose sequence moves, with the new value.</summary>
    public IReadOnlyList<KeyValuePair<JourneyStatsCustomerKey, long>> Sequences { get; }

    /// <summary>The counters to add to (non-zero sums only).</summary>
    public IReadOnlyList<KeyValuePair<JourneyStatsCounterKey, long>> Counters { get; }

    /// <summary>The distinct customer keys of <paramref name="writes"/>, ordinal-sorted (a stable lock order).</summary>
    public static IReadOnlyList<JourneyStatsCustomerKey> Keys(IReadOnlyList<JourneyStatsWrite> writes) =>
        writes.Select(w => w.Key).Distinct()
            .OrderBy(k => k.TenantId, StringComparer.Ordinal).ThenBy(k => k.JourneyId, StringComparer.Ordinal)
            .ThenBy(k => k.CustomerId, StringComparer.Ordinal).ToList();

    /// <param name="writes">The batch, in arrival order.</param>
    /// <param name="stored">The stored sequence per customer key (absent: nothing counted yet).</param>
    public static JourneyStatsPlan Make(IReadOnlyList<JourneyStatsWrite> writes, IReadOnlyDictionary<JourneyStatsCustomerKey, long> stored)
    {
        var counted = new bool[writes.Count];
        var last = new Dictionary<JourneyStatsCustomerKey, long>(stored);
        var moved = new List<JourneyStatsCustomerKey>();
        var movedSet = new HashSet<JourneyStatsCustomerKey>();
        var sums = new Dictionary<JourneyStatsCounterKey, long>();
        var order = new List<JourneyStatsCounterKey>();
        for (var i = 0; i < writes.Count; i++)
        {
            var w = writes[i];
            var key = w.Key;
            if (last.TryGetValue(key, out var seen) && w.Update.Sequence <= seen) continue;
            counted[i] = true;
            if (movedSet.Add(key)) moved.Add(key);
            last[key] = w.Update.Sequence;
            foreach (var d in w.Update.Deltas)
            {
                var counter = new JourneyStatsCounterKey(w.TenantId, w.JourneyId, d.Version, d.StepId, d.Kind, d.Reason ?? "");
                if (!sums.TryGetValue(counter, out var sum)) order.Add(counter);
                sums[counter] = sum + d.Amount;
            }
        }
        return new JourneyStatsPlan(
            counted,
            moved.Select(k => KeyValuePair.Create(k, last[k])).ToList(),
            // A counter whose changes cancel out is still created (at 0): it keeps its place in the step order.
            order.Select(c => KeyValuePair.Create(c, sums[c])).ToList());
    }
}
