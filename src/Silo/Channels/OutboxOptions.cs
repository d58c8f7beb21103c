using System.ComponentModel.DataAnnotations;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>How the outbox sender works through each channel's messages. Section "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Due messages one lane reads at a time.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The longest a lane sleeps before looking again, whatever it was told (a safety net for missed signals).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per channel; a channel not listed gets <see cref="OutboxChannelOptions"/>' defaults.</summary>
    public Dictionary<string, OutboxChannelOptions> Channels { get; set; } = new(StringComparer.Ordinal)
    {
        // Webhook endpoints are independent and may be slow: several in flight at once.
        [WebhookDelivery.Channel] = new() { Concurrency = 8 },
    };

    public OutboxChannelOptions For(string channel) => Channels.GetValueOrDefault(channel) ?? new OutboxChannelOptions();

    /// <summary>Every channel's settings are in range.</summary>
    public bool IsValid() => PollInterval > TimeSpan.Zero && Channels.Values.All(c => c.IsValid());
}

/// <summary>
/// One channel's lane: how many sends run at once and how failures that may pass are retried (exponential backoff
/// from <see cref="FirstRetryDelay"/>, doubling up to <see cref="MaxRetryDelay"/>, until <see cref="MaxAttempts"/>
/// attempts or <see cref="MaxAge"/> since the message was created).
/// </summary>
public sealed class OutboxChannelOptions
{
    /// <summary>Sends in flight at once. 1 keeps a customer's messages in order.</summary>
    public int Concurrency { get; set; } = 1;

    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    public bool IsValid() => Concurrency is >= 1 and <= 256 && MaxAttempts is >= 1 and <= 100
        && FirstRetryDelay > TimeSpan.Zero && MaxRetryDelay >= FirstRetryDelay && MaxAge > TimeSpan.Zero;
}
