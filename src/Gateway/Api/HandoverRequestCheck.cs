using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// Checks a handover body against the persona before anything changes; every problem names its JSON field. The
/// customers must belong to the giving agent now (the handover re-checks at completion).
/// </summary>
public static class HandoverRequestCheck
{
    public static async Task<(HandoverRequest? Request, Dictionary<string, string[]> Errors)> CheckAsync(
        string tenantId, string requestedBy, HandoverApi.HandoverBody body, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        void Id(string? id, string field)
        {
            if (id is null || !TenantKey.IsValidId(id)) errors[field] = ["Not a valid id: 1–64 letters, digits and _ . : @ -."];
        }
        if (body.HandoverId is not null) Id(body.HandoverId, "handoverId");
        Id(body.PersonaId, "personaId");
        Id(body.FromAgentId, "fromAgentId");
        Id(body.ToAgentId, "toAgentId");
        HandoverKind? kind = body.Kind switch { "onTheJob" => HandoverKind.OnTheJob, "resigned" => HandoverKind.Resigned, _ => null };
        if (kind is null) errors["kind"] = ["'onTheJob' (在职继承) or 'resigned' (离职继承)."];
        if (body.CustomerIds is { Count: 0 or > HandoverApi.MaxCustomers }) errors["customerIds"] = [$"1–{HandoverApi.MaxCustomers} customer ids, or omit it for all."];
        for (var i = 0; i < (body.CustomerIds?.Count ?? 0) && i < HandoverApi.MaxCustomers; i++) Id(body.CustomerIds![i], $"customerIds[{i}]");
        if (body.FromAgentId is not null && body.FromAgentId == body.ToAgentId) errors["toAgentId"] = ["The receiving agent must differ from the giving agent."];
        if (errors.Count > 0) return (null, errors);

        var persona = grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenantId, body.PersonaId!));
        var view = await persona.GetAsync();
        if (view.Name is null && view.AgentIds.Count == 0) return (null, new() { ["personaId"] = ["No such persona."] });
        if (!view.AgentIds.Contains(body.ToAgentId!)) errors["toAgentId"] = ["The receiving agent does not operate this persona."];
        if (kind == HandoverKind.OnTheJob && !view.AgentIds.Contains(body.FromAgentId!))
            errors["fromAgentId"] = ["An on-the-job handover is from an agent who still operates the persona; use 'resigned'."];
        var owned = await persona.GetOwnedCustomersAsync(body.FromAgentId!);
        if (body.CustomerIds is null && owned.Count == 0) errors["fromAgentId"] = ["The giving agent owns no customers of this persona."];
        if (body.CustomerIds is { } ids)
        {
            var mine = owned.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
                if (!mine.Contains(ids[i])) errors[$"customerIds[{i}]"] = ["Not a customer the giving agent owns in this persona."];
        }
        if (errors.Count > 0) return (null, errors);
        return (new HandoverRequest(body.PersonaId!, body.FromAgentId!, body.ToAgentId!, kind!.Value, body.CustomerIds ?? owned, requestedBy), errors);
    }
}
