namespace PrivateDomain.Grains.State;

/// <summary>The persisted facts of one agent. Presence is not persisted: it follows live connections.</summary>
[GenerateSerializer, Alias("pd.AgentState")]
public sealed record AgentState
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public List<string> PersonaIds { get; init; } = [];
    [Id(2)] public FeedState Feed { get; init; } = new();
    /// <summary>May create and cancel handovers (set through the management API only).</summary>
    [Id(3)] public bool Supervisor { get; set; }
    /// <summary>Customers this agent may own per persona; null: the handover default.</summary>
    [Id(4)] public int? CustomerLimit { get; set; }
}
