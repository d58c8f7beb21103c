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

    /// <summary>
    /// Sends a rich reply (text, image, link or material) as the persona, checked by the caller; the outbox row's
    /// kind is the reply's kind and its delivery id comes from <paramref name="clientMessageId"/>, as for ReplyAsync.
    /// </summary>
    [Alias("SendAsync")]
    Task<OutboxMessage> SendAsync(string agentId, string customerId, ReplyContent content, string clientMessageId);

    /// <summary>Tells the persona's consoles a reply's final delivery state (a feed item per delivery).</summary>
    [Alias("RecordDeliveryAsync")]
    Task RecordDeliveryAsync(DeliveryReport report);

    /// <summary>The customers an agent owns in this persona (for handovers).</summary>
    [Alias("GetOwnedCustomersAsync")]
    Task<IReadOnlyList<string>> GetOwnedCustomersAsync(string agentId);

    /// <summary>
    /// Handover: moves the customers still owned by <paramref name="fromAgentId"/> (and their conversations) to
    /// <paramref name="toAgentId"/>, pushing a feed item per moved conversation; returns the customers the receiver now
    /// owns. History stays; only ownership changes. <paramref name="reason"/> keys the feed items, so a repeat is harmless.
    /// </summary>
    [Alias("ReassignOwnersAsync")]
    Task<IReadOnlyList<string>> ReassignOwnersAsync(string fromAgentId, string toAgentId, IReadOnlyList<string> customerIds, string reason);

    /// <summary>Marks a 1:1 conversation as read by an agent of the persona.</summary>
    [Alias("MarkReadAsync")]
    Task MarkReadAsync(string agentId, string customerId);

    /// <summary>The agent takes a conversation from the queue or from a colleague (an open one from an online colleague needs <paramref name="confirm"/>).</summary>
    [Alias("ClaimAsync")]
    Task<ConversationActionResult> ClaimAsync(string agentId, string customerId, bool confirm);

    /// <summary>The agent handling a conversation (anyone, for a waiting one) hands it to another agent of the persona.</summary>
    [Alias("TransferAsync")]
    Task<ConversationActionResult> TransferAsync(string agentId, string customerId, string toAgentId);

    /// <summary>The agent handling a conversation (anyone, for a waiting one) marks it done; the queue's head may take its place.</summary>
    [Alias("ResolveAsync")]
    Task<ConversationActionResult> ResolveAsync(string agentId, string customerId);

    /// <summary>Takes or renews the agent's short hold ("is replying") on a conversation; returns the live hold, a colleague's if they hold it.</summary>
    [Alias("HoldAsync")]
    Task<ConversationHold> HoldAsync(string agentId, string customerId, string connectionId);

    /// <summary>Ends the agent's hold on a conversation.</summary>
    [Alias("ReleaseAsync")]
    Task ReleaseAsync(string agentId, string customerId);

    /// <summary>Ends every hold taken through a console connection that has gone.</summary>
    [Alias("ReleaseConnectionAsync")]
    Task ReleaseConnectionAsync(string agentId, string connectionId);

    /// <summary>Appends an item to the persona's feed and pushes it to the consoles of its agents.</summary>
    [Alias("PublishAsync")]
    Task PublishAsync(ConsoleItem item);

    /// <summary>Appends the items in order with one state write, then pushes them (a replayed item is skipped).</summary>
    [Alias("PublishManyAsync")]
    Task PublishManyAsync(IReadOnlyList<ConsoleItem> items);

    /// <summary>Returns feed items after <paramref name="afterSequence"/>, for resync.</summary>
    [Alias("GetFeedAsync")]
    Task<ConsoleFeedPage> GetFeedAsync(long afterSequence, int max);
}
