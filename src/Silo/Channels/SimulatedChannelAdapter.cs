using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Stands in for WeCom where it cannot be reached: accepts every message once per delivery id and remembers
/// what it was asked to send, so tests and demos see exactly what would have gone out.
/// </summary>
public sealed class SimulatedChannelAdapter(string channel, ILogger<SimulatedChannelAdapter> logger) : IChannelAdapter
{
    private readonly ConcurrentDictionary<string, OutboxMessage> _sent = new(StringComparer.Ordinal);

    public string Channel => channel;

    public IReadOnlyCollection<OutboxMessage> Sent => _sent.Values.ToList();

    public Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (_sent.TryAdd($"{message.TenantId}/{message.DeliveryId}", message))
            logger.LogDebug("Simulated {Channel} send {DeliveryId} to {Customer}{Group}", channel, message.DeliveryId, message.CustomerId, message.GroupId);
        return Task.FromResult(new ChannelSendResult(true));
    }
}
