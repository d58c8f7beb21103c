using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Silo.Dispatch;

/// <summary>How the dispatcher feeds grains. Section "Dispatch".</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    [Range(1, 10_000)]
    public int MaxConcurrentDeliveries { get; set; } = 256;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
