namespace PrivateDomain.Contracts;

/// <summary>How a persona is set up: its display name and the agents who operate it.</summary>
[GenerateSerializer, Immutable, Alias("pd.PersonaSettings")]
public sealed record PersonaSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> AgentIds,
    [property: Id(2)] int AgentCapacity = 200);

/// <summary>
/// How a group is set up: name, owning persona, member cap (WeCom: 200 or 500), tags campaigns select groups by, and the
/// welcome message posted to newcomers (null keeps the group's, empty removes it).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.GroupSettings")]
public sealed record GroupSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] string? OwnerPersonaId,
    [property: Id(2)] int SizeCap,
    [property: Id(3)] IReadOnlyList<string>? Tags = null,
    [property: Id(4)] string? WelcomeText = null);

/// <summary>An agent's own settings.</summary>
[GenerateSerializer, Immutable, Alias("pd.AgentSettings")]
public sealed record AgentSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Supervisor = false,
    [property: Id(2)] int? CustomerLimit = null);
