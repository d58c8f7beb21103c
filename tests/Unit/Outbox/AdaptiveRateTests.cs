using PrivateDomain.Silo.Channels.Throttling;

namespace PrivateDomain.Tests.Unit.Outbox;

public sealed class AdaptiveRateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_transient_error_halves_the_rate_down_to_the_floor()
    {
        var rate = new AdaptiveRate(ceiling: 100, floor: 20, T0);

        Assert.True(rate.OnTransientError(T0, null));
        Assert.Equal(50, rate.Current);
        Assert.True(rate.OnTransientError(T0, null));
        Assert.Equal(25, rate.Current);
        Assert.True(rate.OnTransientError(T0, null));
        Assert.Equal(20, rate.Current);
        Assert.False(rate.OnTransientError(T0, null));
        Assert.Equal(20, rate.Current);
    }

    [Fact]
    public void Clean_sends_climb_back_one_tenth_of_the_ceiling_per_window_up_to_the_ceiling()
    {
        var rate = new AdaptiveRate(ceiling: 100, floor: 1, T0);
        rate.OnTransientError(T0, null);
        rate.OnTransientError(T0, null); // 25

        Assert.False(rate.OnSent(T0.AddSeconds(9)));
        Assert.Equal(25, rate.Current);
        Assert.True(rate.OnSent(T0 + AdaptiveRate.RecoveryWindow));
        Assert.Equal(35, rate.Current);
        Assert.False(rate.OnSent(T0 + AdaptiveRate.RecoveryWindow + TimeSpan.FromSeconds(1)));

        var at = T0 + AdaptiveRate.RecoveryWindow;
        for (var i = 0; i < 20; i++) rate.OnSent(at += AdaptiveRate.RecoveryWindow);
        Assert.Equal(100, rate.Current);
        Assert.False(rate.OnSent(at + AdaptiveRate.RecoveryWindow));
    }

    [Fact]
    public void An_error_restarts_the_clean_window()
    {
        var rate = new AdaptiveRate(ceiling: 10, floor: 1, T0);
        rate.OnTransientError(T0, null);
        rate.OnTransientError(T0.AddSeconds(8), null); // 2.5

        Assert.False(rate.OnSent(T0 + AdaptiveRate.RecoveryWindow));
        Assert.True(rate.OnSent(T0.AddSeconds(8) + AdaptiveRate.RecoveryWindow));
        Assert.Equal(3.5, rate.Current, 9);
    }

    [Fact]
    public void A_retry_after_hint_pauses_and_the_clean_window_starts_when_the_pause_ends()
    {
        var rate = new AdaptiveRate(ceiling: 10, floor: 1, T0);

        Assert.True(rate.OnTransientError(T0, TimeSpan.FromSeconds(30)));

        Assert.Equal(T0.AddSeconds(30), rate.PausedUntil);
        Assert.Equal(5, rate.Current);
        Assert.False(rate.OnSent(T0.AddSeconds(30) + AdaptiveRate.RecoveryWindow - TimeSpan.FromTicks(1)));
        Assert.True(rate.OnSent(T0.AddSeconds(30) + AdaptiveRate.RecoveryWindow));
        // A shorter hint later does not cut the pause short.
        rate.OnTransientError(T0.AddSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(T0.AddSeconds(30), rate.PausedUntil);
    }

    [Fact]
    public void The_floor_is_never_above_the_ceiling()
    {
        var rate = new AdaptiveRate(ceiling: 2, floor: 5, T0);

        rate.OnTransientError(T0, null);

        Assert.Equal(2, rate.Current);
    }
}
