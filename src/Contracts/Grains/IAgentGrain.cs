using Orleans.Concurrency;

namespace PrivateDomain.Contracts.Grains;

/// <summary>One agent (员工/导购), keyed "{tenantId}/{agentId}": presence, personas, personal notifications.</summary>
[Alias("pd.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Returns the agent.</summary>
    [Alias("GetAsync"), AlwaysInterleave]
    Task<AgentView> GetAsync();

    /// <summary>Sets the agent's name.</summary>
    [Alias("ConfigureAsync")]
    Task<AgentView> ConfigureAsync(AgentSettings settings);

    /// <summary>Records that the agent operates (or no longer operates) a persona.</summary>
    [Alias("SetPersonaAsync")]
    Task SetPersonaAsync(string personaId, bool operates);

    /// <summary>Counts a console connection opening or closing; presence follows the count.</summary>
    [Alias("ConnectionChangedAsync")]
    Task<AgentView> ConnectionChangedAsync(string connectionId, bool connected);

    /// <summary>Appends a personal notification (e.g. material radar) and pushes it live.</summary>
    [Alias("NotifyAsync")]
    Task NotifyAsync(ConsoleItem item);

    /// <summary>Returns personal feed items after <paramref name="afterSequence"/>, for resync.</summary>
    [Alias("GetFeedAsync")]
    Task<ConsoleFeedPage> GetFeedAsync(long afterSequence, int max);
}
