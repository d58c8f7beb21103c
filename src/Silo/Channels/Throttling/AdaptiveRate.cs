namespace PrivateDomain.Silo.Channels.Throttling;

/// <summary>
/// A send rate that adapts to the channel (AIMD): each transient error multiplies it by <see cref="DecreaseFactor"/>,
/// down to <see cref="Floor"/>; a "retry after" hint also pauses sending until then; after each
/// <see cref="RecoveryWindow"/> of sends without a transient error it climbs back by <see cref="RecoveryStep"/>, up to
/// <see cref="Ceiling"/>. Pure and not thread-safe: time is passed in.
/// </summary>
public sealed class AdaptiveRate
{
    public const double DecreaseFactor = 0.5;

    /// <summary>The clean time after which the rate climbs one step.</summary>
    public static readonly TimeSpan RecoveryWindow = TimeSpan.FromSeconds(10);

    private DateTimeOffset _steadySince;

    public AdaptiveRate(double ceiling, double floor, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ceiling);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(floor);
        Ceiling = ceiling;
        Floor = Math.Min(floor, ceiling);
        Current = ceiling;
        _steadySince = now;
    }

    /// <summary>The configured rate, per second: where the rate starts and the most it climbs back to.</summary>
    public double Ceiling { get; }

    /// <summary>The least the rate falls to, per second.</summary>
    public double Floor { get; }

    /// <summary>A tenth of the ceiling: ten clean windows bring the floor back to the ceiling.</summary>
    public double RecoveryStep => Ceiling / 10;

    public double Current { get; private set; }

    /// <summary>Until when the channel asked not to send (<see cref="DateTimeOffset.MinValue"/>: no pause).</summary>
    public DateTimeOffset PausedUntil { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>A send went out. Returns whether the rate changed (it climbed one step).</summary>
    public bool OnSent(DateTimeOffset now)
    {
        if (Current >= Ceiling || now - _steadySince < RecoveryWindow) return false;
        Current = Math.Min(Ceiling, Current + RecoveryStep);
        _steadySince = now;
        return true;
    }

    /// <summary>
    /// A send failed in a way that may pass (a timeout, "slow down"). Returns whether the rate or the pause changed.
    /// </summary>
    public bool OnTransientError(DateTimeOffset now, TimeSpan? retryAfter)
    {
        var changed = false;
        if (retryAfter is { } wait && wait > TimeSpan.Zero && now + wait > PausedUntil)
        {
            PausedUntil = now + wait;
            changed = true;
        }
        var slower = Math.Max(Floor, Current * DecreaseFactor);
        if (slower < Current)
        {
            Current = slower;
            changed = true;
        }
        _steadySince = now > PausedUntil ? now : PausedUntil;
        return changed;
    }
}
