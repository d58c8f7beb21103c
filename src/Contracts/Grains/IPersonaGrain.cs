using Orleans.Concurrency;

namespace PrivateDomain.Contracts.Grains;

/// <summary>One persona (人设), keyed "{tenantId}/{personaId}": its agents, customers and 1:1 conversations.</summary>
[Alias("pd.IPersonaGrain")]
public interface IPersonaGrain : IEventConsumerGrain
{
    /// <summary>Sets the persona's name and the agents who operate it.</summary>
    [Alias("ConfigureAsync")]
    Task<PersonaView> ConfigureAsync(PersonaSettings settings);

    /// <summary>Returns the persona with its conversations.</summary>
    [Alias("GetAsync")]
    Task<PersonaView> GetAsync();

    /// <summary>True when the agent operates this persona.</summary>
    [Alias("IsOperatedByAsync")]
    Task<bool> IsOperatedByAsync(string agentId);

    /// <summary>Records that an agent came online or went offline, for assignment.</summary>
    [Alias("SetAgentPresenceAsync"), OneWay]
    Task SetAgentPresenceAsync(string agentId, bool online);

    /// <summary>Sends a 1:1 reply as the persona; the message goes to the outbox.</summary>
    [Alias("ReplyAsync")]
    Task<OutboxMessage> ReplyAsync(string agentId, string customerId, string text, string clientMessageId);

    /// <summary>Marks a 1:1 conversation as read by an agent of the persona.</summary>
    [Alias("MarkReadAsync")]
    Task MarkReadAsync(string agentId, string customerId);

    /// <summary>Appends an item to the persona's feed and pushes it to the consoles of its agents.</summary>
    [Alias("PublishAsync")]
    Task PublishAsync(ConsoleItem item);

    /// <summary>Returns feed items after <paramref name="afterSequence"/>, for resync.</summary>
    [Alias("GetFeedAsync")]
    Task<ConsoleFeedPage> GetFeedAsync(long afterSequence, int max);
}
