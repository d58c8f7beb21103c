using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Contracts;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// Read-only journey routes for the agent console, with the agent token (<c>Authorization: Bearer &lt;jwt&gt;</c>)
/// instead of the tenant key: the tenant comes from the token, never from the path, so an agent sees only its own
/// tenant's journeys. Journeys and their analytics are tenant-wide aggregates (no customer ids), so every agent of the
/// tenant may read them; nothing here changes a journey.
/// </summary>
public static class ConsoleJourneyApi
{
    public const string Root = "/api/v1/console/journeys";

    public static IEndpointRouteBuilder MapConsoleJourneyApi(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup(Root)
            .RequireAuthorization(p => p.RequireClaim(AgentTokens.TenantClaim).RequireClaim(AgentTokens.AgentClaim))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        console.MapGet("", (HttpContext http, IGrainFactory grains) => JourneyApi.ListAsync(Tenant(http), grains))
            .WithName("ConsoleListJourneys").WithSummary("Agent token: the agent's tenant's journeys with status and current version.");
        console.MapGet("/{journeyId}/stats", (string journeyId, HttpContext http, IGrainFactory grains) => JourneyApi.GetStatsAsync(Tenant(http), journeyId, grains))
            .WithName("ConsoleGetJourneyStats").WithSummary("Agent token: a journey's analytics per version and step.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        console.MapGet("/{journeyId}/versions/{version:int}", (string journeyId, int version, HttpContext http, IGrainFactory grains) =>
                JourneyApi.GetVersionAsync(Tenant(http), journeyId, version, grains))
            .WithName("ConsoleGetJourneyVersion").WithSummary("Agent token: a published version's definition (canonical JSON).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The authenticated agent's tenant; the policy has already refused tokens without one.</summary>
    private static string Tenant(HttpContext http) =>
        AgentTokens.Identify(http.User)?.TenantId ?? throw new InvalidOperationException("An authorized console request carries no tenant claim.");
}
