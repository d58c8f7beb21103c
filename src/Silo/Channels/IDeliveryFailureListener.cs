using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Optional on an <see cref="IChannelAdapter"/>: told once a delivery of its channel has failed for good (not on each
/// retry), before the failure is recorded on the outbox row. A crash between the two tells it again, so it must be idempotent.
/// </summary>
public interface IDeliveryFailureListener
{
    Task DeliveryFailedAsync(OutboxMessage message, int attempts, string error, DateTimeOffset at, CancellationToken cancellationToken);
}
