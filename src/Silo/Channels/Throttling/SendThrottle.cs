namespace PrivateDomain.Silo.Channels.Throttling;

/// <summary>
/// One channel's send rates: a token bucket for the channel, which paces the lane, and one per persona account
/// (tenant, persona), which turns away a persona's message when it has no token so that the lane goes on with other
/// personas'. With <see cref="OutboxChannelOptions.Adaptive"/>, transient errors slow the channel and the persona
/// account down (<see cref="AdaptiveRate"/>). Persona buckets idle for <see cref="IdleAfter"/> are dropped. Thread-safe.
/// </summary>
public sealed class SendThrottle
{
    /// <summary>How long a persona account's bucket is kept unused (a new one starts full at the configured rate).</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly OutboxChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly Limiter? _channel;
    private readonly Dictionary<(string Tenant, string Persona), Limiter> _personas = [];
    private DateTimeOffset _sweptAt;

    public SendThrottle(OutboxChannelOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var now = time.GetUtcNow();
        _sweptAt = now;
        if (options.RatePerSecond is { } rate)
            _channel = new Limiter(rate, options.Burst, options.MinRatePerSecond, now);
    }

    /// <summary>The channel's current rate a second, null when the channel has no limit.</summary>
    public double? ChannelRate
    {
        get { lock (_lock) return _channel?.Rate.Current; }
    }

    /// <summary>The persona accounts with a bucket now.</summary>
    public int PersonaCount
    {
        get { lock (_lock) return _personas.Count; }
    }

    /// <summary>A persona account's current rate a second (its ceiling when it has no bucket), null when personas have no limit.</summary>
    public double? PersonaRate(string tenantId, string personaId)
    {
        lock (_lock)
            return _personas.TryGetValue((tenantId, personaId), out var limiter) ? limiter.Rate.Current : _options.PersonaRatePerSecond;
    }

    /// <summary>
    /// Takes a token of the message's persona account: null when it may be sent now; otherwise when to bring it back
    /// (a token promised to it, later than those promised to the persona's messages turned away before).
    /// </summary>
    public DateTimeOffset? TryAcquirePersona(string tenantId, string personaId)
    {
        if (_options.PersonaRatePerSecond is not { } rate) return null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            SweepIdle(now);
            var key = (tenantId, personaId);
            if (!_personas.TryGetValue(key, out var limiter))
                _personas[key] = limiter = new Limiter(rate, _options.PersonaBurst, _options.MinRatePerSecond, now);
            return limiter.Bucket.TryTake(now, out _) ? null : WholeMilliseconds(limiter.Bucket.Promise(now));
        }
    }

    /// <summary>Waits for a token of the channel (at once when the channel has no limit).</summary>
    public async ValueTask WaitChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is null) return;
        while (true)
        {
            DateTimeOffset now, next;
            lock (_lock)
            {
                now = _time.GetUtcNow();
                if (_channel.Bucket.TryTake(now, out next)) return;
            }
            // Task.Delay counts whole milliseconds and truncates: a shorter wait would not wait at all.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling((next - now).TotalMilliseconds)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Feeds a send's outcome to the adaptive rates: transient errors slow down, clean sends recover.</summary>
    public void Report(string tenantId, string personaId, ChannelSendResult result)
    {
        if (!_options.Adaptive || !(result.Sent || result.Retryable)) return;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _channel?.Report(result, now);
            if (_personas.TryGetValue((tenantId, personaId), out var persona))
                persona.Report(result, now);
        }
    }

    /// <summary>Drops the persona buckets unused for <see cref="IdleAfter"/>; returns how many.</summary>
    public int EvictIdle()
    {
        lock (_lock)
            return Evict(_time.GetUtcNow());
    }

    // Looked at once per idle period, so a lane with many personas pays for it rarely.
    private void SweepIdle(DateTimeOffset now)
    {
        if (now - _sweptAt >= IdleAfter) Evict(now);
    }

    private int Evict(DateTimeOffset now)
    {
        _sweptAt = now;
        var idle = _personas.Where(p => now - p.Value.Bucket.LastUsedAt >= IdleAfter).Select(p => p.Key).ToList();
        foreach (var key in idle) _personas.Remove(key);
        return idle.Count;
    }

    // The outbox's waits count whole milliseconds: a time between two would be looked at a moment too early.
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset at)
    {
        var ticks = (at.UtcTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>A bucket whose rate follows an <see cref="AdaptiveRate"/>.</summary>
    private sealed class Limiter(double rate, int burst, double floor, DateTimeOffset now)
    {
        public TokenBucket Bucket { get; } = new(rate, burst, now);

        public AdaptiveRate Rate { get; } = new(rate, floor, now);

        public void Report(ChannelSendResult result, DateTimeOffset now)
        {
            var changed = result.Sent ? Rate.OnSent(now) : Rate.OnTransientError(now, result.RetryAfter);
            if (!changed) return;
            Bucket.SetRate(Rate.Current, now);
            if (Rate.PausedUntil > now) Bucket.PauseUntil(Rate.PausedUntil, now);
        }
    }
}
