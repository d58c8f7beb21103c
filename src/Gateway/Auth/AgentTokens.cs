using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PrivateDomain.Gateway.Auth;

/// <summary>Issues and describes agent tokens: a JWT with the tenant and agent as claims.</summary>
public sealed class AgentTokens
{
    public const string TenantClaim = "tenant";
    public const string AgentClaim = "sub";
    private readonly AgentTokenOptions _options;
    private readonly TimeProvider _time;

    public AgentTokens(IOptions<AgentTokenOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var key = _options.SigningKey.Length > 0 ? Convert.FromBase64String(_options.SigningKey) : RandomNumberGenerator.GetBytes(32);
        if (key.Length < 32) throw new OptionsValidationException(AgentTokenOptions.SectionName, typeof(AgentTokenOptions), ["SigningKey must be at least 32 bytes."]);
        SigningKey = new SymmetricSecurityKey(key);
    }

    public SymmetricSecurityKey SigningKey { get; }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKey = SigningKey,
        NameClaimType = AgentClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tenantId, string agentId)
    {
        var now = _time.GetUtcNow();
        var expires = now + _options.Lifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([new Claim(TenantClaim, tenantId), new Claim(AgentClaim, agentId)]),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>The tenant and agent of an authenticated principal.</summary>
    public static (string TenantId, string AgentId)? Identify(ClaimsPrincipal? user)
    {
        var tenant = user?.FindFirst(TenantClaim)?.Value;
        var agent = user?.FindFirst(AgentClaim)?.Value ?? user?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return tenant is null || agent is null ? null : (tenant, agent);
    }
}
