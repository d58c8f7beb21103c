using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Gateway.Demo;

/// <summary>The live demo (--demo). Section "Demo".</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";
    public const string TenantId = "demo";
    public const string IngestKeyVariable = "PD_DEMO_INGEST_KEY";

    public bool Enabled { get; set; }

    /// <summary>Seed of the traffic generator; printed at start so a run can be repeated.</summary>
    public int Seed { get; set; } = 20261122;

    /// <summary>Simulated chat and behaviour events per second after seeding (0 = seed only).</summary>
    [Range(0, 10_000)]
    public double EventsPerSecond { get; set; } = 4;

    [Range(1, 100_000)]
    public int Customers { get; set; } = 2_000;

    [Range(1, 1_000)]
    public int Groups { get; set; } = 20;
}
