namespace PrivateDomain.Gateway.Auth;

/// <summary>The tenants this gateway serves and their API keys. Section "Tenants": { "acme": { "IngestKey": "…" } }.</summary>
public sealed class TenantOptions
{
    public const string SectionName = "Tenants";

    public Dictionary<string, TenantConfig> Tenants { get; } = new(StringComparer.Ordinal);
}

/// <summary>One tenant's configuration.</summary>
public sealed class TenantConfig
{
    /// <summary>The key a channel or backend presents as "Authorization: Bearer &lt;key&gt;" to ingest and manage.</summary>
    public string IngestKey { get; set; } = "";
}
