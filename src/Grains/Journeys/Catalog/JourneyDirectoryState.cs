using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Journeys.Catalog;

/// <summary>The persisted directory of one tenant's journeys, by journey id.</summary>
[GenerateSerializer, Alias("pd.JourneyDirectoryState")]
public sealed record JourneyDirectoryState
{
    [Id(0)] public Dictionary<string, JourneyDirectoryEntry> Journeys { get; init; } = new(StringComparer.Ordinal);
}
