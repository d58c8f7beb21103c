namespace PrivateDomain.Contracts;

/// <summary>Where a 1:1 conversation stands (see docs/api.md, "Console hub: assignment").</summary>
public static class ConversationStatus
{
    /// <summary>In the persona's queue, assigned to nobody, oldest first.</summary>
    public const string Waiting = "waiting";

    /// <summary>Assigned, and counted against its agent's capacity.</summary>
    public const string Open = "open";

    /// <summary>Resolved by an agent; the customer's next message opens it again.</summary>
    public const string Resolved = "resolved";

    /// <summary>Assigned but quiet for longer than a conversation stays open; no longer counted as load.</summary>
    public const string Idle = "idle";
}

/// <summary>What a claim, transfer or resolve did.</summary>
public static class ConversationOutcomes
{
    public const string Claimed = "claimed";
    public const string Transferred = "transferred";
    public const string Resolved = "resolved";

    /// <summary>Nothing to do: already the caller's, already resolved, or the target already holds it.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>The conversation is open with another online agent: claim again with confirm to take it over.</summary>
    public const string ConfirmRequired = "confirm_required";
}

/// <summary>An agent replying as the persona to this customer right now: a volatile lease that ends at <see cref="Until"/> unless renewed.</summary>
[GenerateSerializer, Immutable, Alias("pd.ConversationHold")]
public sealed record ConversationHold(
    [property: Id(0)] string AgentId,
    [property: Id(1)] DateTimeOffset Until);

/// <summary>The answer to a claim, transfer or resolve: one of <see cref="ConversationOutcomes"/> and the conversation after it.</summary>
[GenerateSerializer, Immutable, Alias("pd.ConversationActionResult")]
public sealed record ConversationActionResult(
    [property: Id(0)] string Outcome,
    [property: Id(1)] ConversationView Conversation);
