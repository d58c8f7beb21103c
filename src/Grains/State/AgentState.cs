namespace PrivateDomain.Grains.State;

/// <summary>The persisted facts of one agent. Presence is not persisted: it follows live connections.</summary>
[GenerateSerializer, Alias("pd.AgentState")]
public sealed record AgentState
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public List<string> PersonaIds { get; init; } = [];
    [Id(2)] public FeedState Feed { get; init; } = new();
}
