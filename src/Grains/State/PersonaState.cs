namespace PrivateDomain.Grains.State;

/// <summary>A 1:1 conversation as the persona keeps it.</summary>
[GenerateSerializer, Alias("pd.ConversationState")]
public sealed record ConversationState
{
    [Id(0)] public string? AssignedAgentId { get; set; }
    [Id(1)] public DateTimeOffset LastMessageAt { get; set; }
    [Id(2)] public string LastText { get; set; } = "";
    [Id(3)] public int Unread { get; set; }
    /// <summary>Set while the conversation waits in the persona's queue (assigned to nobody); the queue is oldest first.</summary>
    [Id(4)] public DateTimeOffset? WaitingSince { get; set; }
    /// <summary>Set when an agent resolves it; the customer's next message clears it.</summary>
    [Id(5)] public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>The persisted facts of one persona.</summary>
[GenerateSerializer, Alias("pd.PersonaState")]
public sealed record PersonaState : IEventStreamState
{
    [Id(0)] public long AppliedSequence { get; set; }
    [Id(1)] public List<GrainEffect> PendingEffects { get; init; } = [];
    [Id(2)] public string? Name { get; set; }
    [Id(3)] public List<string> AgentIds { get; init; } = [];
    [Id(4)] public int AgentCapacity { get; set; } = 200;
    /// <summary>Customer id → owning agent id (sticky owner).</summary>
    [Id(5)] public Dictionary<string, string?> Customers { get; init; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, ConversationState> Conversations { get; init; } = new(StringComparer.Ordinal);
    [Id(7)] public FeedState Feed { get; init; } = new();
}
