using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Told when a message reaches its final state (sent or failed), before the outbox row records it: a crash in between
/// tells it again, so it must be idempotent. Its failure is logged and does not hold up the row.
/// </summary>
public interface IDeliveryObserver
{
    Task DeliveryCompletedAsync(OutboxMessage message, string status, string? error, DateTimeOffset at, CancellationToken cancellationToken);
}
