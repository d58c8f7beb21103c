using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Contracts;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>Development and demo only: agent tokens without a sign-in provider.</summary>
public static class DevApi
{
    public sealed record TokenRequest(string? TenantId, string? AgentId);

    public sealed record TokenResponse(string Token, string TenantId, string AgentId, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapDevApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/dev/tokens", Issue).WithName("IssueDevToken").WithSummary("Development only: a console token for an agent.");
        return app;
    }

    private static Results<Ok<TokenResponse>, ValidationProblem> Issue(TokenRequest body, AgentTokens tokens, TenantKeys tenants)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TenantKey.IsValidId(body.TenantId) || !tenants.IsKnown(body.TenantId!)) errors["tenantId"] = ["A tenant this gateway serves."];
        if (!TenantKey.IsValidId(body.AgentId)) errors["agentId"] = ["A valid agent id."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (token, expires) = tokens.Issue(body.TenantId!, body.AgentId!);
        return TypedResults.Ok(new TokenResponse(token, body.TenantId!, body.AgentId!, expires));
    }
}
