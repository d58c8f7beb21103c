using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

public static class JourneySplit
{
    /// <summary>
    /// A pseudo-random but replayable choice from the hash of (instance id, step id): the holdout takes the first
    /// <see cref="SplitStep.HoldoutPercent"/> of 100 buckets; the rest is shared among the variants by weight.
    /// </summary>
    public static SplitVariant? Choose(SplitStep split, string instanceId)
    {
        var hash = JourneyHash.Of($"{instanceId}/{split.Id}");
        if ((int)(hash % 100) < split.HoldoutPercent) return null;
        var total = split.Variants.Sum(v => Math.Max(0, v.Weight));
        if (total <= 0) return split.Variants.FirstOrDefault();
        var pick = (long)((hash / 100) % (ulong)total);
        foreach (var v in split.Variants)
        {
            pick -= Math.Max(0, v.Weight);
            if (pick < 0) return v;
        }
        return split.Variants[^1];
    }
}
