namespace PrivateDomain.Silo.Channels.Throttling;

/// <summary>
/// A token bucket: up to <see cref="Burst"/> tokens, refilled at <see cref="Rate"/> tokens a second by the time that
/// passed. Starts full. Pure and not thread-safe: time is passed in and the caller serialises access.
/// </summary>
public sealed class TokenBucket
{
    // Refills are in doubles: a token that is due must not be missed by a rounding error.
    private const double Epsilon = 1e-9;

    private double _tokens;
    private DateTimeOffset _refilledAt;
    private DateTimeOffset _promisedUntil;

    public TokenBucket(double ratePerSecond, double burst, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        Rate = ratePerSecond;
        Burst = burst;
        _tokens = burst;
        _refilledAt = now;
        _promisedUntil = now;
        LastUsedAt = now;
    }

    /// <summary>Tokens added per second.</summary>
    public double Rate { get; private set; }

    /// <summary>The most tokens the bucket holds: how many takes may follow each other at once.</summary>
    public double Burst { get; }

    /// <summary>When a token was last asked for.</summary>
    public DateTimeOffset LastUsedAt { get; private set; }

    /// <summary>The tokens held at <paramref name="now"/>.</summary>
    public double Available(DateTimeOffset now)
    {
        Refill(now);
        return _refilledAt > now ? 0 : _tokens;
    }

    /// <summary>Takes a token if one is there; otherwise leaves the bucket as it was and tells when the next one comes.</summary>
    public bool TryTake(DateTimeOffset now, out DateTimeOffset nextTokenAt)
    {
        Refill(now);
        LastUsedAt = now;
        if (_refilledAt <= now && _tokens >= 1 - Epsilon)
        {
            _tokens = Math.Max(0, _tokens - 1);
            nextTokenAt = now;
            return true;
        }
        nextTokenAt = NextTokenAt(now);
        return false;
    }

    /// <summary>
    /// For a taker turned away: when to come back. Each call promises a later token than the call before (one token
    /// apart), so the many messages of a burst come back one at a time as tokens arrive, not all together.
    /// </summary>
    public DateTimeOffset Promise(DateTimeOffset now)
    {
        var next = NextTokenAt(now);
        var at = _promisedUntil > next ? _promisedUntil : next;
        _promisedUntil = at + Seconds(1 / Rate);
        return at;
    }

    /// <summary>When the next token comes (now if one is there).</summary>
    public DateTimeOffset NextTokenAt(DateTimeOffset now)
    {
        Refill(now);
        if (_tokens >= 1 - Epsilon && _refilledAt <= now) return now;
        var from = _refilledAt > now ? _refilledAt : now;
        return from + Seconds((1 - _tokens) / Rate);
    }

    /// <summary>Changes the rate from <paramref name="now"/> on; tokens earned so far are kept.</summary>
    public void SetRate(double ratePerSecond, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        Refill(now);
        Rate = ratePerSecond;
    }

    /// <summary>
    /// Gives nothing before <paramref name="until"/> (a channel asked to wait), then one token, and earns from there.
    /// </summary>
    public void PauseUntil(DateTimeOffset until, DateTimeOffset now)
    {
        Refill(now);
        if (until <= now) return;
        _tokens = 1;
        if (until > _refilledAt) _refilledAt = until;
        if (until > _promisedUntil) _promisedUntil = until;
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _refilledAt) return;
        _tokens = Math.Min(Burst, _tokens + (now - _refilledAt).TotalSeconds * Rate);
        _refilledAt = now;
    }

    // Rounded up, so waiting until the time given finds the token there.
    private static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond));
}
