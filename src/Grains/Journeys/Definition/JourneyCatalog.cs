using System.Collections.Immutable;

namespace PrivateDomain.Grains.Journeys.Definition;

public enum JourneyStatus
{
    /// <summary>Never published: only a draft exists and nobody can enter.</summary>
    Draft = 0,
    /// <summary>New customers enter the latest published version.</summary>
    Active = 1,
    /// <summary>No new entries; customers already inside keep running their version.</summary>
    Paused = 2,
    /// <summary>Final: no entries, no drafts, no publishing; history kept for analytics and running customers.</summary>
    Archived = 3,
}

/// <summary>
/// The versions of one journey. Published versions are append-only and never change, so a customer pinned to a
/// version number always runs the exact definition it entered with. Changed only by <see cref="JourneyCatalogRules"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyCatalog")]
public sealed record JourneyCatalog
{
    [Id(0)] public string JourneyId { get; init; } = "";
    [Id(1)] public JourneyStatus Status { get; init; }
    /// <summary>The editable next version as the operator wrote it; may be invalid until published.</summary>
    [Id(2)] public string? DraftJson { get; init; }
    [Id(3)] public ImmutableArray<PublishedJourneyVersion> Versions { get; init; } = [];
    [Id(4)] public DateTimeOffset? UpdatedAt { get; init; }

    public int LatestVersion => Versions.IsDefaultOrEmpty ? 0 : Versions[^1].Version;

    public int NextVersion => LatestVersion + 1;

    /// <summary>The published version new customers enter, or null when none may enter now.</summary>
    public PublishedJourneyVersion? EntryVersion => Status == JourneyStatus.Active && !Versions.IsDefaultOrEmpty ? Versions[^1] : null;

    /// <summary>A published version by number, for customers pinned to it.</summary>
    public PublishedJourneyVersion? Version(int version) =>
        Versions.IsDefaultOrEmpty ? null : Versions.FirstOrDefault(v => v.Version == version);
}

/// <summary>One published version: the canonical JSON text written at publish time.</summary>
[GenerateSerializer, Immutable, Alias("pd.PublishedJourneyVersion")]
public sealed record PublishedJourneyVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] string Json,
    [property: Id(2)] DateTimeOffset PublishedAt);
