using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>Setting up a tenant with its key: personas and who operates them, agents, groups.</summary>
public static class ManagementApi
{
    /// <summary>PUT body for a persona.</summary>
    public sealed record PersonaRequest([property: Required, StringLength(100, MinimumLength = 1)] string Name, IReadOnlyList<string>? AgentIds, int? AgentCapacity);

    /// <summary>PUT body for an agent.</summary>
    /// <remarks>supervisor: may manage handovers; customerLimit: customers the agent may own per persona (handover receiver limit).</remarks>
    public sealed record AgentRequest([property: Required, StringLength(100, MinimumLength = 1)] string Name, bool? Supervisor = null, int? CustomerLimit = null);

    /// <summary>PUT body for a group; sizeCap is WeCom's 200 or 500.</summary>
    public sealed record GroupRequest([property: Required, StringLength(100, MinimumLength = 1)] string Name, string? OwnerPersonaId, int? SizeCap,
        IReadOnlyList<string?>? Tags = null, [property: StringLength(500)] string? WelcomeText = null);

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        tenant.MapPut("/personas/{personaId}", PutPersonaAsync).WithName("PutPersona").WithSummary("Create or update a persona and its agents.");
        tenant.MapPut("/agents/{agentId}", PutAgentAsync).WithName("PutAgent").WithSummary("Create or update an agent.");
        tenant.MapPut("/groups/{groupId}", PutGroupAsync).WithName("PutGroup").WithSummary("Create or update a group.");
        return app;
    }

    private static async Task<Results<Ok<PersonaView>, ValidationProblem>> PutPersonaAsync(string tenantId, string personaId, PersonaRequest body, IGrainFactory grains)
    {
        var errors = Validate(body);
        Id(personaId, "personaId", errors);
        var agents = body.AgentIds ?? [];
        for (var i = 0; i < agents.Count; i++) Id(agents[i], $"agentIds[{i}]", errors);
        if (body.AgentCapacity is < 1 or > 50_000) errors["agentCapacity"] = ["Between 1 and 50000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var settings = new PersonaSettings(body.Name, agents.Distinct().ToList(), body.AgentCapacity ?? 200);
        return TypedResults.Ok(await grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenantId, personaId)).ConfigureAsync(settings));
    }

    private static async Task<Results<Ok<AgentView>, ValidationProblem>> PutAgentAsync(string tenantId, string agentId, AgentRequest body, IGrainFactory grains)
    {
        var errors = Validate(body);
        Id(agentId, "agentId", errors);
        if (body.CustomerLimit is < 1 or > 10_000_000) errors["customerLimit"] = ["Between 1 and 10000000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var settings = new AgentSettings(body.Name, body.Supervisor ?? false, body.CustomerLimit);
        return TypedResults.Ok(await grains.GetGrain<IAgentGrain>(TenantKey.Compose(tenantId, agentId)).ConfigureAsync(settings));
    }

    private static async Task<Results<Ok<GroupView>, ValidationProblem>> PutGroupAsync(string tenantId, string groupId, GroupRequest body, IGrainFactory grains)
    {
        var errors = Validate(body);
        Id(groupId, "groupId", errors);
        if (body.OwnerPersonaId is not null) Id(body.OwnerPersonaId, "ownerPersonaId", errors);
        if (body.SizeCap is not (null or 200 or 500)) errors["sizeCap"] = ["WeCom groups hold 200 or 500 members."];
        var tags = GroupPoolApi.Tags(body.Tags, "tags", errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var settings = new GroupSettings(body.Name, body.OwnerPersonaId, body.SizeCap ?? 200, body.Tags is null ? null : tags, body.WelcomeText);
        return TypedResults.Ok(await grains.GetGrain<IGroupGrain>(TenantKey.Compose(tenantId, groupId)).ConfigureAsync(settings));
    }

    private static Dictionary<string, string[]> Validate(object body)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(body, new ValidationContext(body), results, validateAllProperties: true);
        return results.ToDictionary(r => string.Join(",", r.MemberNames.Select(JsonName)), r => new[] { r.ErrorMessage ?? "Invalid." });
    }

    private static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];

    private static void Id(string id, string field, Dictionary<string, string[]> errors)
    {
        if (!TenantKey.IsValidId(id)) errors[field] = ["Not a valid id: 1–64 letters, digits and _ . : @ -."];
    }
}
