using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Silo.Hosting;

/// <summary>The silo's hosting mode, cluster identity and ports. Section "Engine".</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Embedded (default) or Cluster on PostgreSQL (section "Postgres").</summary>
    public EngineMode Mode { get; set; } = EngineMode.Embedded;

    [Required]
    public string ClusterId { get; set; } = "privatedomain";

    [Required]
    public string ServiceId { get; set; } = "privatedomain";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Cluster mode: the IP address other silos and clients reach this silo at. Empty = the host's first
    /// address; set it (e.g. 127.0.0.1) to run several silos on one machine without a routable address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
