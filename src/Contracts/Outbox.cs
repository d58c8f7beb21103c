namespace PrivateDomain.Contracts;

/// <summary>Delivery states of an outbound message.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    /// <summary>A campaign delivery waiting for its owning agent to confirm the mass-send task.</summary>
    public const string Held = "held";
    /// <summary>A campaign delivery of a paused campaign.</summary>
    public const string Paused = "paused";
    /// <summary>A campaign delivery that will never be sent (its campaign was cancelled or its task expired).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>
/// An outbound message on its way to a channel. <see cref="DeliveryId"/> is idempotent: enqueueing
/// the same id twice keeps the first. <see cref="Attempts"/>, <see cref="NextAttemptAt"/> (null: due at once) and
/// <see cref="LastError"/> are the sender's retry state. <see cref="Target"/> is where a channel without a persona
/// address delivers (a webhook's URL) and <see cref="SecretName"/> the name of the tenant secret it is signed with.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.OutboxMessage")]
public sealed record OutboxMessage(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Channel,
    [property: Id(3)] string PersonaId,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] string? GroupId,
    [property: Id(6)] string? AgentId,
    [property: Id(7)] string Kind,
    [property: Id(8)] string Text,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] string Status,
    [property: Id(11)] DateTimeOffset? SentAt,
    [property: Id(12)] int Attempts = 0,
    [property: Id(13)] DateTimeOffset? NextAttemptAt = null,
    [property: Id(14)] string? LastError = null,
    [property: Id(15)] string? Target = null,
    [property: Id(16)] string? SecretName = null);
