using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>Who an audience selects: which groups to resolve and which directory customers it keeps.</summary>
public static class CampaignAudiences
{
    public static readonly IReadOnlyList<string> SegmentNames =
    [
        RfmCalculator.Segments.NoPurchase, RfmCalculator.Segments.Champion, RfmCalculator.Segments.Loyal, RfmCalculator.Segments.New,
        RfmCalculator.Segments.AtRisk, RfmCalculator.Segments.Hibernating, RfmCalculator.Segments.Potential,
    ];

    public static bool SelectsGroups(CampaignAudience a) => Any(a.GroupIds) || Any(a.PoolIds) || Any(a.GroupTags);

    public static bool SelectsCustomers(CampaignAudience a) => Any(a.CustomerIds) || Any(a.CustomerTags) || Any(a.Segments);

    /// <summary>The directory query: listed ids and tags, or every customer when segments must be computed.</summary>
    public static (IReadOnlyList<string>? Ids, IReadOnlyList<string>? Tags, bool All) DirectoryQuery(CampaignAudience a) =>
        Any(a.Segments) ? (null, null, true) : (Nullable(a.CustomerIds), Nullable(a.CustomerTags), false);

    /// <summary>
    /// True when the audience keeps the directory entry: listed, tagged or in a segment (RFM at <paramref name="now"/>),
    /// not removed, and owned by one of the audience's personas when it names any.
    /// </summary>
    public static bool Keeps(CampaignAudience a, CustomerDirectoryEntry e, DateTimeOffset now)
    {
        if (e.Removed) return false;
        if (Any(a.PersonaIds) && (e.OwnerPersonaId is null || !a.PersonaIds!.Contains(e.OwnerPersonaId))) return false;
        if (a.CustomerIds?.Contains(e.CustomerId) == true) return true;
        if (a.CustomerTags is { Count: > 0 } tags && e.Tags.Any(tags.Contains)) return true;
        return a.Segments is { Count: > 0 } segments
            && segments.Contains(RfmCalculator.Compute(e.PurchaseCount, e.PurchaseTotal, e.LastPurchaseAt, now).Segment);
    }

    private static bool Any(IReadOnlyList<string>? list) => list is { Count: > 0 };

    private static IReadOnlyList<string>? Nullable(IReadOnlyList<string>? list) => Any(list) ? list : null;
}
