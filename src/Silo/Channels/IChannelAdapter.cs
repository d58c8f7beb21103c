using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>One outbound channel (WeCom, SMS, …). A real adapter calls the channel's API under its rate limits.</summary>
public interface IChannelAdapter
{
    /// <summary>The channel name messages carry in <see cref="OutboxMessage.Channel"/>.</summary>
    string Channel { get; }

    /// <summary>Sends one message; the delivery id lets the channel drop a resend.</summary>
    Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>The channel's answer.</summary>
public sealed record ChannelSendResult(bool Sent, string? Error = null);
