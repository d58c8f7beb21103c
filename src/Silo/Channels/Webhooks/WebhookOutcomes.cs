using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>A webhook delivery that failed for good, as a line of the customer's timeline; the id is the delivery id plus <see cref="FailedSuffix"/>.</summary>
public static class WebhookOutcomes
{
    public const string FailedSuffix = ":webhook-failed";

    /// <summary><paramref name="error"/> is the row's last error (e.g. "HTTP 410", "gave up after 8 attempts: HTTP 503").</summary>
    public static CustomerOutcome Failed(OutboxMessage message, string error, DateTimeOffset at)
    {
        var host = Uri.TryCreate(message.Target, UriKind.Absolute, out var url) ? url.Host : "an invalid URL";
        return new CustomerOutcome(message.DeliveryId + FailedSuffix, at, $"Webhook to {host} failed for good: {error} (delivery {message.DeliveryId})", Failed: true);
    }
}
