using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Storage;

namespace PrivateDomain.Gateway.Api;

/// <summary>Reads for back-office callers with the tenant key: customer 360, groups, personas, agents, outbox.</summary>
public static class QueryApi
{
    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/customers/{customerId}", GetCustomerAsync).WithName("GetCustomer").WithSummary("The customer 360.");
        tenant.MapGet("/groups/{groupId}", GetGroupAsync).WithName("GetGroup").WithSummary("Members, size cap and activity of a group.");
        tenant.MapGet("/personas/{personaId}", GetPersonaAsync).WithName("GetPersona").WithSummary("A persona, its agents and conversations.");
        tenant.MapGet("/agents/{agentId}", GetAgentAsync).WithName("GetAgent").WithSummary("An agent, their personas and presence.");
        tenant.MapGet("/outbox", GetOutboxAsync).WithName("GetOutbox").WithSummary("What the channels were asked to send, newest first.");
        return app;
    }

    private static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetCustomerAsync(string tenantId, string customerId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(customerId)) return Problems.NotFound("customer", customerId);
        var view = await grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenantId, customerId)).GetAsync();
        return view.Known || view.AppliedSequence > 0 ? TypedResults.Ok(view) : Problems.NotFound("customer", customerId);
    }

    private static async Task<Results<Ok<GroupView>, ProblemHttpResult>> GetGroupAsync(string tenantId, string groupId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(groupId)) return Problems.NotFound("group", groupId);
        var view = await grains.GetGrain<IGroupGrain>(TenantKey.Compose(tenantId, groupId)).GetAsync();
        return view.AppliedSequence > 0 || view.Name is not null ? TypedResults.Ok(view) : Problems.NotFound("group", groupId);
    }

    private static async Task<Results<Ok<PersonaView>, ProblemHttpResult>> GetPersonaAsync(string tenantId, string personaId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(personaId)) return Problems.NotFound("persona", personaId);
        var view = await grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenantId, personaId)).GetAsync();
        return view.Name is not null || view.CustomerCount > 0 ? TypedResults.Ok(view) : Problems.NotFound("persona", personaId);
    }

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> GetAgentAsync(string tenantId, string agentId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(agentId)) return Problems.NotFound("agent", agentId);
        var view = await grains.GetGrain<IAgentGrain>(TenantKey.Compose(tenantId, agentId)).GetAsync();
        return view.Name is not null || view.PersonaIds.Count > 0 ? TypedResults.Ok(view) : Problems.NotFound("agent", agentId);
    }

    private static async Task<Results<Ok<IReadOnlyList<OutboxMessage>>, ValidationProblem>> GetOutboxAsync(
        string tenantId, string? customerId, string? groupId, int? limit, IOutbox outbox, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (customerId is not null && !TenantKey.IsValidId(customerId)) errors["customerId"] = ["Not a valid id."];
        if (groupId is not null && !TenantKey.IsValidId(groupId)) errors["groupId"] = ["Not a valid id."];
        if (limit is < 1 or > 1000) errors["limit"] = ["Between 1 and 1000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await outbox.QueryAsync(tenantId, customerId, groupId, limit ?? 100, ct));
    }
}
