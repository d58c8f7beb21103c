using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>The durable outbox: outbound messages wait here until a channel adapter has sent them.</summary>
public interface IOutbox
{
    /// <summary>Stores the message unless its (tenant, delivery id) exists; returns the stored message either way.</summary>
    Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>A tenant's messages, newest first, optionally for one customer and/or group.</summary>
    Task<IReadOnlyList<OutboxMessage>> QueryAsync(string tenantId, string? customerId, string? groupId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> pending messages, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Records the delivery state of a message.</summary>
    Task MarkAsync(string tenantId, string deliveryId, string status, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Completes when a message was enqueued after the call began (or at once if pending ones exist).</summary>
    Task WaitForPendingAsync(CancellationToken cancellationToken);
}
