using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>One outbound channel (WeCom, SMS, webhooks, …). A real adapter calls the channel's API under its rate limits.</summary>
public interface IChannelAdapter
{
    /// <summary>The channel name messages carry in <see cref="OutboxMessage.Channel"/>.</summary>
    string Channel { get; }

    /// <summary>Sends one message; the delivery id lets the channel drop a resend.</summary>
    Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The channel's answer. A failure is <see cref="Retryable"/> when trying again later may succeed (a timeout, a
/// 5xx); <see cref="RetryAfter"/> is the channel's own hint for when.
/// </summary>
public sealed record ChannelSendResult(bool Sent, string? Error = null, bool Retryable = false, TimeSpan? RetryAfter = null)
{
    public static ChannelSendResult Success { get; } = new(true);

    public static ChannelSendResult Permanent(string error) => new(false, error);

    public static ChannelSendResult Transient(string error, TimeSpan? retryAfter = null) => new(false, error, true, retryAfter);
}
