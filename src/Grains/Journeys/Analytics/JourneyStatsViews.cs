using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Journeys.Analytics;

/// <summary>Folds stored counters (<see cref="JourneyStatsRow"/>) into the analytics view.</summary>
public static class JourneyStatsViews
{
    public static JourneyStatsView From(string tenantId, string journeyId, IReadOnlyList<JourneyStatsRow> rows)
    {
        var versions = new List<JourneyVersionStats>();
        foreach (var version in rows.GroupBy(r => r.Version).OrderBy(g => g.Key))
        {
            var steps = new List<StepTotals>();
            long entered = 0, converted = 0;
            var exited = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var row in version)
            {
                var step = steps.Find(s => s.StepId == row.StepId);
                if (step is null) steps.Add(step = new StepTotals(row.StepId));
                var reason = row.Reason.Length == 0 ? "unknown" : row.Reason;
                switch (row.Kind)
                {
                    case JourneyStatKind.JourneyEntered: entered += row.Amount; break;
                    case JourneyStatKind.StepEntered: step.Entered += row.Amount; break;
                    // Stored raw; never shown below zero (a wait counted before analytics existed may leave later).
                    case JourneyStatKind.Waiting: step.Waiting += row.Amount; break;
                    case JourneyStatKind.Exited:
                        Add(exited, reason, row.Amount);
                        Add(step.Exited, reason, row.Amount);
                        break;
                    case JourneyStatKind.Converted:
                        converted += row.Amount;
                        step.Converted += row.Amount;
                        break;
                    case JourneyStatKind.CadenceSent: step.Sent += row.Amount; break;
                    case JourneyStatKind.CadenceDeferred: Add(step.Deferred, reason, row.Amount); break;
                    case JourneyStatKind.CadenceDropped: Add(step.Dropped, reason, row.Amount); break;
                    case JourneyStatKind.CadenceSkipped: Add(step.Skipped, reason, row.Amount); break;
                }
            }
            var stepViews = steps.Select(s => s.View()).ToList();
            versions.Add(new JourneyVersionStats(version.Key, entered, stepViews.Sum(s => s.Waiting), converted, exited, stepViews));
        }
        DateTimeOffset? updatedAt = rows.Count == 0 ? null : rows.Max(r => r.UpdatedAt);
        return new JourneyStatsView(tenantId, journeyId, versions, updatedAt);
    }

    private static void Add(Dictionary<string, long> counts, string key, long amount)
    {
        if (amount != 0 || counts.ContainsKey(key)) counts[key] = counts.GetValueOrDefault(key) + amount;
    }

    private sealed class StepTotals(string stepId)
    {
        public string StepId { get; } = stepId;
        public long Entered, Waiting, Converted, Sent;
        public Dictionary<string, long> Exited { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Deferred { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Dropped { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

        public JourneyStepStats View() => new(StepId, Entered, Math.Max(0, Waiting), Converted, Exited, Sent, Deferred, Dropped, Skipped);
    }
}
