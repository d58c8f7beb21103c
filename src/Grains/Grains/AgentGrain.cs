using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Grains;

/// <summary>One agent: the personas they operate, their live connections and their personal notifications.</summary>
public sealed class AgentGrain(
    [PersistentState("agent")] IPersistentState<AgentState> state,
    ILogger<AgentGrain> logger)
    : Grain, IAgentGrain
{
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);
    private string _tenantId = "";
    private string _agentId = "";

    private AgentState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _agentId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<AgentView> GetAsync() =>
        Task.FromResult(new AgentView(_tenantId, _agentId, S.Name, S.PersonaIds.ToList(), _connections.Count > 0, S.Feed.Sequence,
            S.Supervisor, S.CustomerLimit));

    public async Task<AgentView> ConfigureAsync(AgentSettings settings)
    {
        S.Name = settings.Name;
        S.Supervisor = settings.Supervisor;
        S.CustomerLimit = settings.CustomerLimit;
        await state.WriteStateAsync();
        return await GetAsync();
    }

    public async Task SetPersonaAsync(string personaId, bool operates)
    {
        var changed = operates ? !S.PersonaIds.Contains(personaId) : S.PersonaIds.Remove(personaId);
        if (!changed) return;
        if (operates) S.PersonaIds.Add(personaId);
        await state.WriteStateAsync();
        // Live consoles joined the persona's push group when they connected or synced: take them out now.
        if (!operates && _connections.Count > 0)
            await GrainFactory.GetGrain<IPushNotifierGrain>(0).RevokePersonaAsync(_tenantId, personaId, _connections.ToList());
    }

    public async Task<AgentView> ConnectionChangedAsync(string connectionId, bool connected)
    {
        var wasOnline = _connections.Count > 0;
        if (connected) _connections.Add(connectionId); else _connections.Remove(connectionId);
        var online = _connections.Count > 0;
        if (online != wasOnline)
        {
            logger.LogInformation("Agent {Tenant}/{Agent} is {Presence}", _tenantId, _agentId, online ? "online" : "offline");
            // One-way: presence is soft state and must not wait on persona grains.
            foreach (var p in S.PersonaIds)
                await GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenantId, p)).SetAgentPresenceAsync(_agentId, online);
        }
        return await GetAsync();
    }

    public async Task NotifyAsync(ConsoleItem item)
    {
        var stored = FeedPublisher.Append(S.Feed, [item with { AgentId = _agentId }]);
        if (stored.Count == 0) return;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: put it back to what is stored (or a retry of this very item would be
            // taken for a repeat and never written); the sender keeps the effect pending and retries.
            await ReloadAsync();
            throw;
        }
        FeedPublisher.Push(GrainFactory, _tenantId, FeedOwnerKind.Agent, _agentId, stored);
    }

    public Task<ConsoleFeedPage> GetFeedAsync(long afterSequence, int max) => Task.FromResult(Domain.Feed.Page(S.Feed, afterSequence, max));

    private async Task ReloadAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Agent {Tenant}/{Agent} could not reload its state; deactivating", _tenantId, _agentId);
            DeactivateOnIdle();
        }
    }
}
