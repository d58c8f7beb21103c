namespace PrivateDomain.Grains.Cadence.Hosting;

/// <summary>A tenant's stored cadence policy: canonical JSON and its version (0 and no JSON: never set).</summary>
[GenerateSerializer, Alias("pd.CadencePolicyState")]
public sealed record CadencePolicyState
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public string? Json { get; set; }
    [Id(2)] public DateTimeOffset? UpdatedAt { get; set; }
}
