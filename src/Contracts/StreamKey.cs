namespace PrivateDomain.Contracts;

/// <summary>Which kind of grain an event stream feeds.</summary>
public enum StreamKind
{
    Customer = 0,
    Group = 1,
    Persona = 2,
}

/// <summary>A tenant-qualified event stream: every event that names an entity belongs to that entity's stream.</summary>
[GenerateSerializer, Immutable, Alias("pd.StreamKey")]
public readonly record struct StreamKey(
    [property: Id(0)] StreamKind Kind,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string EntityId)
{
    /// <summary>The grain key of the entity this stream feeds.</summary>
    public string GrainKey => TenantKey.Compose(TenantId, EntityId);

    /// <summary>The streams an event belongs to: one per entity id it names.</summary>
    public static IEnumerable<StreamKey> For(string tenantId, EngineEvent e)
    {
        if (e.CustomerId is { } c) yield return new(StreamKind.Customer, tenantId, c);
        if (e.GroupId is { } g) yield return new(StreamKind.Group, tenantId, g);
        if (e.PersonaId is { } p) yield return new(StreamKind.Persona, tenantId, p);
    }
}
