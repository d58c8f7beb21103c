using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// Customer handover (在职/离职继承). Supervisors use the agent token under <see cref="ConsoleRoot"/> (the supervisor flag
/// is read from the agent grain, never from the token); tenant admins use the tenant key under /api/v1/tenants/{tenantId}.
/// The WeCom transfer callback (simulated channel) comes in with the tenant key, shaped like WeCom's own event.
/// </summary>
public static class HandoverApi
{
    public const string ConsoleRoot = "/api/v1/console/handovers";
    public const int MaxCustomers = 50_000;

    /// <summary>POST body: who moves which customers; customerIds omitted means all the giving agent's customers of the persona.</summary>
    public sealed record HandoverBody(string? HandoverId, string? PersonaId, string? FromAgentId, string? ToAgentId, string? Kind, IReadOnlyList<string>? CustomerIds);

    /// <summary>WeCom's change_external_contact event (JSON here; WeCom sends encrypted XML), plus the persona it arrived for.</summary>
    public sealed record TransferCallback(string? PersonaId, string? ChangeType, string? FailReason, string? UserId, string? ExternalUserId);

    public static IEndpointRouteBuilder MapHandoverApi(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup(ConsoleRoot)
            .RequireAuthorization(p => p.RequireClaim(AgentTokens.TenantClaim).RequireClaim(AgentTokens.AgentClaim))
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem();
        console.MapPost("", async (HandoverBody body, HttpContext http, IGrainFactory grains) =>
                await Supervisor(http, grains) is { } me ? await CreateAsync(me.TenantId, me.AgentId, body, grains) : NotSupervisor())
            .WithName("ConsoleCreateHandover").WithSummary("Supervisor: move an agent's customers of a persona to another agent.");
        console.MapGet("", async (string? personaId, HttpContext http, IGrainFactory grains) =>
                await Supervisor(http, grains) is { } me ? await ListAsync(me.TenantId, personaId, grains) : NotSupervisor())
            .WithName("ConsoleListHandovers").WithSummary("Supervisor: a persona's recent handovers.");
        console.MapGet("/{handoverId}", async (string handoverId, HttpContext http, IGrainFactory grains) =>
                await Supervisor(http, grains) is { } me ? await GetAsync(me.TenantId, handoverId, grains) : NotSupervisor())
            .WithName("ConsoleGetHandover").WithSummary("Supervisor: a handover's per-customer states and counts.");
        console.MapPost("/{handoverId}/cancel", async (string handoverId, HttpContext http, IGrainFactory grains) =>
                await Supervisor(http, grains) is { } me ? await CancelAsync(me.TenantId, handoverId, grains) : NotSupervisor())
            .WithName("ConsoleCancelHandover").WithSummary("Supervisor: cancel the customers still waiting.");

        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        tenant.MapPost("/handovers", (string tenantId, HandoverBody body, IGrainFactory grains) => CreateAsync(tenantId, "tenant-admin", body, grains))
            .WithName("CreateHandover").WithSummary("Move an agent's customers of a persona to another agent.");
        tenant.MapGet("/handovers", (string tenantId, string? personaId, IGrainFactory grains) => ListAsync(tenantId, personaId, grains))
            .WithName("ListHandovers").WithSummary("A persona's recent handovers.");
        tenant.MapGet("/handovers/{handoverId}", (string tenantId, string handoverId, IGrainFactory grains) => GetAsync(tenantId, handoverId, grains))
            .WithName("GetHandover").WithSummary("A handover's per-customer states and counts.");
        tenant.MapPost("/handovers/{handoverId}/cancel", (string tenantId, string handoverId, IGrainFactory grains) => CancelAsync(tenantId, handoverId, grains))
            .WithName("CancelHandover").WithSummary("Cancel the customers still waiting.");
        tenant.MapPost("/channels/wecom/transfer-events", (string tenantId, TransferCallback body, IGrainFactory grains) => CallbackAsync(tenantId, body, grains))
            .WithName("WeComTransferEvent").WithSummary("WeCom's transfer_fail callback (simulated channel): the customer refused the takeover.");
        return app;
    }

    private static async Task<IResult> CreateAsync(string tenantId, string requestedBy, HandoverBody body, IGrainFactory grains)
    {
        var (request, errors) = await HandoverRequestCheck.CheckAsync(tenantId, requestedBy, body, grains);
        if (request is null) return TypedResults.ValidationProblem(errors);
        var id = body.HandoverId ?? "h-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var handover = Handover(grains, tenantId, id);
        if (await handover.GetAsync() is { } existing) return TypedResults.Ok(existing);
        var view = await handover.StartAsync(request);
        return TypedResults.Created($"{ConsoleRoot}/{id}", view);
    }

    private static async Task<IResult> ListAsync(string tenantId, string? personaId, IGrainFactory grains)
    {
        if (personaId is null || !TenantKey.IsValidId(personaId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["personaId"] = ["A persona id is required."] });
        var ids = await grains.GetGrain<IHandoverLedgerGrain>(TenantKey.Compose(tenantId, personaId)).ListAsync();
        var views = await Task.WhenAll(ids.Select(id => Handover(grains, tenantId, id).GetAsync()));
        // The list omits the per-customer detail: GET one handover for that.
        return TypedResults.Ok(views.OfType<HandoverView>().Select(v => v with { Customers = [] }).ToList());
    }

    private static async Task<IResult> GetAsync(string tenantId, string handoverId, IGrainFactory grains) =>
        TenantKey.IsValidId(handoverId) && await Handover(grains, tenantId, handoverId).GetAsync() is { } view
            ? TypedResults.Ok(view) : Problems.NotFound("handover", handoverId);

    private static async Task<IResult> CancelAsync(string tenantId, string handoverId, IGrainFactory grains) =>
        TenantKey.IsValidId(handoverId) && await Handover(grains, tenantId, handoverId).CancelAsync() is { } view
            ? TypedResults.Ok(view) : Problems.NotFound("handover", handoverId);

    private static async Task<IResult> CallbackAsync(string tenantId, TransferCallback body, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.PersonaId is null || !TenantKey.IsValidId(body.PersonaId)) errors["personaId"] = ["A valid persona id is required."];
        if (body.ExternalUserId is null || !TenantKey.IsValidId(body.ExternalUserId)) errors["externalUserId"] = ["A valid customer id is required."];
        if (body.ChangeType != "transfer_fail") errors["changeType"] = ["Only 'transfer_fail' is handled."];
        if (body.FailReason != "customer_refused") errors["failReason"] = ["Only 'customer_refused' is handled."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var pending = await grains.GetGrain<IHandoverLedgerGrain>(TenantKey.Compose(tenantId, body.PersonaId!)).FindPendingAsync(body.ExternalUserId!);
        if (pending is null) return Problems.NotFound("pending transfer of customer", body.ExternalUserId!);
        var applied = await Handover(grains, tenantId, pending).RefuseAsync(body.ExternalUserId!);
        return TypedResults.Ok(new { handoverId = pending, applied });
    }

    /// <summary>The signed-in agent when the agent grain says they are a supervisor.</summary>
    private static async Task<(string TenantId, string AgentId)?> Supervisor(HttpContext http, IGrainFactory grains)
    {
        if (AgentTokens.Identify(http.User) is not { } me) return null;
        var agent = await grains.GetGrain<IAgentGrain>(TenantKey.Compose(me.TenantId, me.AgentId)).GetAsync();
        return agent.Supervisor ? me : null;
    }

    private static ProblemHttpResult NotSupervisor() =>
        Problems.Refuse(StatusCodes.Status403Forbidden, "Not a supervisor", "Only a supervisor agent (or the tenant key) may manage handovers.");

    private static IHandoverGrain Handover(IGrainFactory grains, string tenantId, string id) =>
        grains.GetGrain<IHandoverGrain>(TenantKey.Compose(tenantId, id));
}
