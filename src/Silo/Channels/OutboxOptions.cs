using System.ComponentModel.DataAnnotations;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>How the outbox sender works through each channel's messages. Section "Outbox".</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>The WeCom channel's name, which its default throttle is set for.</summary>
    public const string WeComChannel = "wecom";

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
        // WeCom limits each corp's calls to one API (about 10,000 a minute, errcode 45009 past it): stay under it, and
        // keep one persona account from sending faster than a person plausibly could. See docs/outbox.md.
        [WeComChannel] = new() { RatePerSecond = 150, Burst = 150, PersonaRatePerSecond = 20, PersonaBurst = 20, MinRatePerSecond = 1 },
    };

    /// <summary>Errors the simulated WeCom channel makes up (none by default). Section "Outbox:Simulated".</summary>
    public SimulatedChannelFaults Simulated { get; set; } = new();

    public OutboxChannelOptions For(string channel) => Channels.GetValueOrDefault(channel) ?? new OutboxChannelOptions();

    /// <summary>Every channel's settings are in range.</summary>
    public bool IsValid() => PollInterval > TimeSpan.Zero && Channels.Values.All(c => c.IsValid()) && Simulated.IsValid();
}

/// <summary>
/// One channel's lane: how many sends run at once, how failures that may pass are retried (exponential backoff
/// from <see cref="FirstRetryDelay"/>, doubling up to <see cref="MaxRetryDelay"/>, until <see cref="MaxAttempts"/>
/// attempts or <see cref="MaxAge"/> since the message was created), and how fast it may send: a token bucket for the
/// channel and one per persona account, each off while its rate is null (see docs/outbox.md).
/// </summary>
public sealed class OutboxChannelOptions
{
    /// <summary>Sends in flight at once. 1 keeps a customer's messages in order.</summary>
    public int Concurrency { get; set; } = 1;

    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sends a second on the whole channel; null: no channel limit.</summary>
    public double? RatePerSecond { get; set; }

    /// <summary>Sends the channel may make back to back after a quiet spell.</summary>
    public int Burst { get; set; } = 10;

    /// <summary>Sends a second from one persona account (tenant, persona); null: no persona limit.</summary>
    public double? PersonaRatePerSecond { get; set; }

    /// <summary>Sends one persona account may make back to back after a quiet spell.</summary>
    public int PersonaBurst { get; set; } = 5;

    /// <summary>The least an adapted rate falls to, per second (at most each rate set).</summary>
    public double MinRatePerSecond { get; set; } = 0.5;

    /// <summary>Transient errors halve the rates down to <see cref="MinRatePerSecond"/>; clean sends bring them back.</summary>
    public bool Adaptive { get; set; } = true;

    /// <summary>Whether either rate is set.</summary>
    public bool Throttled => RatePerSecond is not null || PersonaRatePerSecond is not null;

    public bool IsValid() => Concurrency is >= 1 and <= 256 && MaxAttempts is >= 1 and <= 100
        && FirstRetryDelay > TimeSpan.Zero && MaxRetryDelay >= FirstRetryDelay && MaxAge > TimeSpan.Zero
        && RateIsValid(RatePerSecond) && RateIsValid(PersonaRatePerSecond)
        && Burst is >= 1 and <= MaxRate && PersonaBurst is >= 1 and <= MaxRate
        && MinRatePerSecond is > 0 and <= MaxRate && MinRatePerSecond <= (RatePerSecond ?? MaxRate) && MinRatePerSecond <= (PersonaRatePerSecond ?? MaxRate);

    private const int MaxRate = 100_000;

    private static bool RateIsValid(double? rate) => rate is null or (> 0 and <= MaxRate);
}
