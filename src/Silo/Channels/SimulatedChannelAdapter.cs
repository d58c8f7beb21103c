using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Stands in for WeCom where it cannot be reached: accepts every message and logs it (at debug level). It keeps
/// nothing: what "went out" is the outbox's record (rows marked sent), exactly as with a real channel, so the
/// simulation costs no memory per message however long the engine runs.
/// </summary>
public sealed class SimulatedChannelAdapter(string channel, ILogger<SimulatedChannelAdapter> logger) : IChannelAdapter
{
    public string Channel => channel;

    public Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        logger.LogDebug("Simulated {Channel} send {DeliveryId} to {Customer}{Group}", channel, message.DeliveryId, message.CustomerId, message.GroupId);
        return Task.FromResult(new ChannelSendResult(true));
    }
}
