using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Scripts;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>The persona's script library (话术) and rich replies, for the agents who operate the persona.</summary>
public sealed partial class ConsoleHub
{
    /// <summary>The persona's scripts, by category then name.</summary>
    public async Task<ScriptLibraryView> ListScripts(string personaId)
    {
        await RequirePersonaAsync(personaId);
        return await Scripts(personaId).ListAsync();
    }

    /// <summary>Creates or edits a script; <paramref name="expectedVersion"/> is the version the agent edited (0: new).</summary>
    public async Task<Script> SaveScript(string personaId, string scriptId, ScriptDraft draft, long? expectedVersion)
    {
        await RequirePersonaAsync(personaId);
        RequireId(scriptId, "script");
        if (draft is null) throw new HubException("A script is required.");
        return Changed(await Scripts(personaId).SaveAsync(scriptId, draft, expectedVersion, Me.AgentId)).Script!;
    }

    public async Task DeleteScript(string personaId, string scriptId, long? expectedVersion)
    {
        await RequirePersonaAsync(personaId);
        RequireId(scriptId, "script");
        Changed(await Scripts(personaId).DeleteAsync(scriptId, expectedVersion, Me.AgentId));
    }

    /// <summary>A script with its variables filled for one customer of the persona, for the reply box.</summary>
    public async Task<RenderedScript> RenderScript(string personaId, string customerId, string scriptId)
    {
        await RequirePersonaAsync(personaId);
        var customer = await RequireCustomerAsync(customerId);
        RequireId(scriptId, "script");
        var script = await Scripts(personaId).GetAsync(scriptId) ?? throw new HubException("No such script.");
        var persona = await Persona(personaId).GetAsync();
        var agent = await AgentGrain.GetAsync();
        var facts = new ScriptFacts(customerId, customer.Properties.GetValueOrDefault("name"), persona.Name, agent.Name, customer.Properties);
        return ScriptText.Render(script, facts);
    }

    /// <summary>
    /// Sends a text, image, link or material reply as the persona. A retry with the same <paramref name="clientMessageId"/>
    /// returns the first outbox row and sends nothing more.
    /// </summary>
    public async Task<OutboxMessage> Send(string personaId, string customerId, ReplyContent content, string clientMessageId)
    {
        await RequirePersonaAsync(personaId);
        RequireId(customerId, "customer");
        RequireId(clientMessageId, "client message");
        if (content is null) throw new HubException("A reply is required.");
        if (ReplyContentRules.Check(content) is { Count: > 0 } problems) throw new HubException(Describe(problems));
        if (content.ScriptId is { } scriptId && await Scripts(personaId).GetAsync(scriptId) is null) throw new HubException("No such script.");
        return await RefusedAsHubException(() => Persona(personaId).SendAsync(Me.AgentId, customerId, content, clientMessageId));
    }

    private IScriptLibraryGrain Scripts(string personaId) => grains.GetGrain<IScriptLibraryGrain>(TenantKey.Compose(Me.TenantId, personaId));

    private static ScriptChangeResult Changed(ScriptChangeResult result) => result.Error switch
    {
        ScriptChangeError.None => result,
        ScriptChangeError.Invalid => throw new HubException(Describe(result.Problems)),
        ScriptChangeError.NotFound => throw new HubException("No such script."),
        _ => throw new HubException(result.Script is { } s
            ? $"Conflict: the script was changed by {s.UpdatedBy} meanwhile (now version {s.Version}); reload it."
            : "Conflict: the script does not exist (any more)."),
    };

    private static string Describe(IReadOnlyList<FieldProblem> problems) => string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"));
}
