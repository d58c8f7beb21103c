using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>
/// The segments a <c>segment</c> trigger or condition may name: the ones with a membership source (RFM segments and
/// lifecycle stages written <c>lifecycle:&lt;stage&gt;</c>). Any other name would never fire, so it is refused.
/// </summary>
public static class SegmentNames
{
    public const string LifecyclePrefix = "lifecycle:";

    public static readonly IReadOnlyList<string> Rfm =
    [
        RfmCalculator.Segments.Champion, RfmCalculator.Segments.Loyal, RfmCalculator.Segments.New, RfmCalculator.Segments.Potential,
        RfmCalculator.Segments.AtRisk, RfmCalculator.Segments.Hibernating, RfmCalculator.Segments.NoPurchase,
    ];

    public static readonly IReadOnlyList<string> Stages =
    [
        Lifecycle.Unknown, Lifecycle.Prospect, Lifecycle.FirstPurchase, Lifecycle.Repeat, Lifecycle.Loyal, Lifecycle.Dormant, Lifecycle.Churned,
    ];

    public static readonly IReadOnlyList<string> Valid = [.. Rfm, .. Stages.Select(s => LifecyclePrefix + s)];

    public static bool IsValid(string name) => Valid.Contains(name, StringComparer.Ordinal);

    /// <summary>Reads a segment name, reporting an unknown one with the valid names.</summary>
    internal static string Read(Reader r, string field)
    {
        var name = r.Id(field);
        if (name.Length > 0 && !IsValid(name))
            r.Problem(field, $"unknown segment '{name}'; use one of {string.Join(", ", Valid)}.");
        return name;
    }
}
