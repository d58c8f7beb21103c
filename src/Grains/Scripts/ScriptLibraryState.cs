using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Scripts;

/// <summary>The persisted script library of one persona.</summary>
[GenerateSerializer, Alias("pd.ScriptLibraryState")]
public sealed record ScriptLibraryState
{
    /// <summary>Grows with every change to any script.</summary>
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, Script> Scripts { get; init; } = new(StringComparer.Ordinal);
}
