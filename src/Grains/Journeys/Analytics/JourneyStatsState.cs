using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Journeys.Analytics;

/// <summary>
/// A journey's persisted counters, plus the last update sequence applied per customer (the idempotency record: one
/// entry per customer that ever produced a counter for this journey).
/// </summary>
[GenerateSerializer, Alias("pd.JourneyStatsState")]
public sealed class JourneyStatsState
{
    [Id(0)] public Dictionary<int, VersionCounters> Versions { get; init; } = [];
    [Id(1)] public Dictionary<string, long> LastSequence { get; init; } = new(StringComparer.Ordinal);
    [Id(2)] public DateTimeOffset? UpdatedAt { get; set; }
}

[GenerateSerializer, Alias("pd.JourneyVersionCounters")]
public sealed class VersionCounters
{
    [Id(0)] public long Entered { get; set; }
    [Id(1)] public long Converted { get; set; }
    [Id(2)] public Dictionary<string, long> Exited { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Steps in the order they were first counted.</summary>
    [Id(3)] public List<StepCounters> Steps { get; init; } = [];
}

[GenerateSerializer, Alias("pd.JourneyStepCounters")]
public sealed class StepCounters
{
    [Id(0)] public required string StepId { get; init; }
    [Id(1)] public long Entered { get; set; }
    [Id(2)] public long Waiting { get; set; }
    [Id(3)] public long Converted { get; set; }
    [Id(4)] public Dictionary<string, long> Exited { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public long Sent { get; set; }
    [Id(6)] public Dictionary<string, long> Deferred { get; init; } = new(StringComparer.Ordinal);
    [Id(7)] public Dictionary<string, long> Dropped { get; init; } = new(StringComparer.Ordinal);
    [Id(8)] public Dictionary<string, long> Skipped { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Pure counting rules for <see cref="JourneyStatsState"/>.</summary>
public static class JourneyStatsCounting
{
    /// <summary>Applies the update if its sequence is new for its customer; false for a redelivery or a replay.</summary>
    public static bool Apply(JourneyStatsState s, JourneyStatsUpdate update, DateTimeOffset now)
    {
        if (s.LastSequence.TryGetValue(update.CustomerId, out var last) && update.Sequence <= last) return false;
        s.LastSequence[update.CustomerId] = update.Sequence;
        foreach (var d in update.Deltas) Count(s, d);
        s.UpdatedAt = now;
        return true;
    }

    private static void Count(JourneyStatsState s, JourneyStatsDelta d)
    {
        if (!s.Versions.TryGetValue(d.Version, out var v)) s.Versions[d.Version] = v = new VersionCounters();
        var step = v.Steps.Find(x => x.StepId == d.StepId);
        if (step is null) v.Steps.Add(step = new StepCounters { StepId = d.StepId });
        var reason = d.Reason ?? "unknown";
        switch (d.Kind)
        {
            case JourneyStatKind.JourneyEntered: v.Entered += d.Amount; break;
            case JourneyStatKind.StepEntered: step.Entered += d.Amount; break;
            // Never below zero: a wait counted before this grain existed (or lost) must not show as negative.
            case JourneyStatKind.Waiting: step.Waiting = Math.Max(0, step.Waiting + d.Amount); break;
            case JourneyStatKind.Exited:
                Add(v.Exited, reason, d.Amount);
                Add(step.Exited, reason, d.Amount);
                break;
            case JourneyStatKind.Converted:
                v.Converted += d.Amount;
                step.Converted += d.Amount;
                break;
            case JourneyStatKind.CadenceSent: step.Sent += d.Amount; break;
            case JourneyStatKind.CadenceDeferred: Add(step.Deferred, reason, d.Amount); break;
            case JourneyStatKind.CadenceDropped: Add(step.Dropped, reason, d.Amount); break;
            case JourneyStatKind.CadenceSkipped: Add(step.Skipped, reason, d.Amount); break;
        }
    }

    private static void Add(Dictionary<string, long> counts, string key, long amount) =>
        counts[key] = counts.GetValueOrDefault(key) + amount;

    public static JourneyStatsView View(string tenantId, string journeyId, JourneyStatsState s) => new(tenantId, journeyId,
        s.Versions.OrderBy(v => v.Key).Select(v => new JourneyVersionStats(v.Key, v.Value.Entered, v.Value.Steps.Sum(x => x.Waiting),
            v.Value.Converted, new Dictionary<string, long>(v.Value.Exited, StringComparer.Ordinal),
            v.Value.Steps.Select(Step).ToList())).ToList(),
        s.UpdatedAt);

    private static JourneyStepStats Step(StepCounters c) => new(c.StepId, c.Entered, c.Waiting, c.Converted,
        Copy(c.Exited), c.Sent, Copy(c.Deferred), Copy(c.Dropped), Copy(c.Skipped));

    private static Dictionary<string, long> Copy(Dictionary<string, long> d) => new(d, StringComparer.Ordinal);
}
