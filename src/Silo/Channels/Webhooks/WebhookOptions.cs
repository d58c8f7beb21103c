namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>Outbound webhook posting. Section "Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How long one POST may take, connection included; longer is a timeout (retried).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Also post to plain <c>http://</c> URLs. Off by default: for tests and local receivers only.</summary>
    public bool AllowHttp { get; set; }

    public bool IsValid() => Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromMinutes(5);
}
