namespace PrivateDomain.Contracts;

/// <summary>How a persona is set up: its display name and the agents who operate it.</summary>
[GenerateSerializer, Immutable, Alias("pd.PersonaSettings")]
public sealed record PersonaSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> AgentIds,
    [property: Id(2)] int AgentCapacity = 200);

/// <summary>How a group is set up: name, owning persona, member cap (WeCom: 200 or 500) and tags campaigns select groups by.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupSettings")]
public sealed record GroupSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] string? OwnerPersonaId,
    [property: Id(2)] int SizeCap,
    [property: Id(3)] IReadOnlyList<string>? Tags = null);

/// <summary>An agent's own settings.</summary>
[GenerateSerializer, Immutable, Alias("pd.AgentSettings")]
public sealed record AgentSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Supervisor = false,
    [property: Id(2)] int? CustomerLimit = null);
