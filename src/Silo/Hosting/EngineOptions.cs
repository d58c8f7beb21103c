using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Silo.Hosting;

/// <summary>The in-process silo's cluster identity and ports. Section "Engine".</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    [Required]
    public string ClusterId { get; set; } = "privatedomain";

    [Required]
    public string ServiceId { get; set; } = "privatedomain";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
