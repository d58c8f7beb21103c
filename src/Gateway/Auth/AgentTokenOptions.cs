namespace PrivateDomain.Gateway.Auth;

/// <summary>How agent tokens (JWT) are signed and checked. Section "AgentTokens".</summary>
public sealed class AgentTokenOptions
{
    public const string SectionName = "AgentTokens";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes. When empty, a random key is made at start (tokens end with the process).</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "privatedomain";

    public string Audience { get; set; } = "privatedomain-console";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);
}
