namespace PrivateDomain.Contracts;

/// <summary>
/// One chat or behaviour event as accepted by ingestion, normalised. <see cref="DataJson"/> is the
/// event's <c>data</c> object as compact JSON; the domain reads only the fields it knows.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.EngineEvent")]
public sealed record EngineEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string? CustomerId,
    [property: Id(3)] string? GroupId,
    [property: Id(4)] string? PersonaId,
    [property: Id(5)] DateTimeOffset OccurredAt,
    [property: Id(6)] string DataJson);

/// <summary>An event as the durable log holds it: its global position and its tenant.</summary>
[GenerateSerializer, Immutable, Alias("pd.LoggedEvent")]
public sealed record LoggedEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string TenantId,
    [property: Id(2)] EngineEvent Event);
