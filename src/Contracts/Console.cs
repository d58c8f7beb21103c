namespace PrivateDomain.Contracts;

/// <summary>The kinds of item a console feed carries.</summary>
public static class ConsoleItemKinds
{
    public const string DirectMessage = "message.direct";
    public const string GroupMessage = "message.group";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerAdded = "customer.added";
    public const string ChurnAlert = "alert.churn";
    public const string MaterialRadar = "radar.material_open";
    public const string ReplySent = "reply.sent";
    /// <summary>A reply's final outbox state; EventId is the delivery id, Text "sent" or "failed: reason".</summary>
    public const string ReplyDelivery = "reply.delivery";
    /// <summary>The persona's script library changed; consoles reload it.</summary>
    public const string ScriptsChanged = "scripts.changed";
    public const string Assignment = "conversation.assigned";
    public const string Queued = "conversation.queued";
    public const string Claimed = "conversation.claimed";
    public const string Transferred = "conversation.transferred";
    public const string Resolved = "conversation.resolved";
    public const string Held = "conversation.held";
    public const string Released = "conversation.released";
    public const string ReplyOverHold = "conversation.reply_over_hold";
    public const string GroupAlert = "alert.group";
    public const string GroupPost = "group.posted";
    /// <summary>Agent feed: customers handed over to this agent (Text "N customers handed over from X").</summary>
    public const string HandoverIn = "handover.in";
    /// <summary>Agent feed: this agent's customers handed over to another agent.</summary>
    public const string HandoverOut = "handover.out";
    /// <summary>Persona feed: a campaign reaching this persona's customers or groups moved on (EventId the campaign id; Text a progress line).</summary>
    public const string CampaignProgress = "campaign.progress";
    /// <summary>Agent feed (persona feed when the task has no agent): a mass-send task to confirm, or its reminder (EventId "{campaignId}/{taskId}").</summary>
    public const string CampaignTask = "campaign.task";
}

/// <summary>
/// One entry of a persona's or agent's console feed. <see cref="Sequence"/> is per feed and gap-free,
/// so a console that missed pushes asks for everything after the last sequence it showed.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ConsoleItem")]
public sealed record ConsoleItem(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] string? GroupId,
    [property: Id(5)] string? PersonaId,
    [property: Id(6)] string? AgentId,
    [property: Id(7)] string Text,
    [property: Id(8)] string? EventId);

/// <summary>Whose feed an item belongs to.</summary>
public enum FeedOwnerKind
{
    Persona = 0,
    Agent = 1,
}

/// <summary>An item addressed to one feed: a persona's (all its agents) or one agent's.</summary>
[GenerateSerializer, Immutable, Alias("pd.ConsolePush")]
public sealed record ConsolePush(
    [property: Id(0)] string TenantId,
    [property: Id(1)] FeedOwnerKind OwnerKind,
    [property: Id(2)] string OwnerId,
    [property: Id(3)] ConsoleItem Item);

/// <summary>A page of a console feed, for resync after a reconnect.</summary>
[GenerateSerializer, Immutable, Alias("pd.ConsoleFeedPage")]
public sealed record ConsoleFeedPage(
    [property: Id(0)] IReadOnlyList<ConsoleItem> Items,
    [property: Id(1)] long HeadSequence,
    [property: Id(2)] bool Truncated);
