using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace PrivateDomain.Silo.Hosting;

/// <summary>The engine's hosting mode and role, cluster identity and ports. Section "Engine".</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Embedded (default) or Cluster on PostgreSQL (section "Postgres").</summary>
    public EngineMode Mode { get; set; } = EngineMode.Embedded;

    /// <summary>The Gateway web app's role: Combined (default; it hosts a silo) or Gateway (cluster mode only; an Orleans client).</summary>
    public EngineRole Role { get; set; } = EngineRole.Combined;

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

    /// <summary>The options as configured, for choosing what to wire before the host is built.</summary>
    public static EngineOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<EngineOptions>() ?? new EngineOptions();
}
