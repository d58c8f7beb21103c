using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>Tells the delivery observers a final outcome; best effort, with a bounded wait so a slow one cannot stall a lane.</summary>
internal static class OutboxObservers
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task TellAsync(IReadOnlyList<IDeliveryObserver>? observers, OutboxMessage message, string status, string? error,
        DateTimeOffset at, ILogger logger)
    {
        if (observers is null) return;
        foreach (var observer in observers)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Timeout);
                await observer.DeliveryCompletedAsync(message, status, error, at, timeout.Token);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Delivery {DeliveryId} of tenant {TenantId} ({Status}) could not be reported to {Observer}",
                    message.DeliveryId, message.TenantId, status, observer.GetType().Name);
            }
        }
    }
}
