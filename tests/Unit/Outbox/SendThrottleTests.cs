using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Silo.Channels;
using PrivateDomain.Silo.Channels.Throttling;

namespace PrivateDomain.Tests.Unit.Outbox;

public sealed class SendThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public void Each_persona_account_has_its_own_bucket_scoped_by_tenant()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions { PersonaRatePerSecond = 1, PersonaBurst = 2 }, _time);

        Assert.Null(throttle.TryAcquirePersona("t1", "p1"));
        Assert.Null(throttle.TryAcquirePersona("t1", "p1"));
        Assert.Equal(T0.AddSeconds(1), throttle.TryAcquirePersona("t1", "p1"));
        Assert.Null(throttle.TryAcquirePersona("t1", "p2"));
        Assert.Null(throttle.TryAcquirePersona("t2", "p1"));
        Assert.Equal(3, throttle.PersonaCount);
    }

    [Fact]
    public void A_personas_turned_away_messages_are_brought_back_one_token_apart()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions { PersonaRatePerSecond = 4, PersonaBurst = 1 }, _time);
        Assert.Null(throttle.TryAcquirePersona("t1", "p1"));

        var back = Enumerable.Range(0, 3).Select(_ => throttle.TryAcquirePersona("t1", "p1")).ToList();

        Assert.Equal([T0.AddMilliseconds(250), T0.AddMilliseconds(500), T0.AddMilliseconds(750)], back);
    }

    [Fact]
    public void Without_rates_nothing_is_limited()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions(), _time);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(throttle.TryAcquirePersona("t1", "p1"));
            Assert.True(throttle.WaitChannelAsync(CancellationToken.None).IsCompletedSuccessfully);
        }
        Assert.Null(throttle.ChannelRate);
        Assert.Equal(0, throttle.PersonaCount);
    }

    [Fact]
    public async Task The_channel_wait_lasts_until_the_next_token_on_the_clock_and_can_be_cancelled()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions { RatePerSecond = 2, Burst = 1 }, _time);
        await throttle.WaitChannelAsync(CancellationToken.None);

        var waiting = throttle.WaitChannelAsync(CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = new CancellationTokenSource();
        var cancelled = throttle.WaitChannelAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Transient_errors_slow_the_channel_and_the_persona_but_permanent_errors_do_not()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions { RatePerSecond = 100, PersonaRatePerSecond = 10, MinRatePerSecond = 1 }, _time);
        throttle.TryAcquirePersona("t1", "p1");
        throttle.TryAcquirePersona("t1", "p2");

        throttle.Report("t1", "p1", ChannelSendResult.Permanent("no such customer"));
        Assert.Equal((100d, 10d), (throttle.ChannelRate!.Value, throttle.PersonaRate("t1", "p1")!.Value));

        throttle.Report("t1", "p1", ChannelSendResult.Transient("45009"));
        Assert.Equal((50d, 5d, 10d), (throttle.ChannelRate!.Value, throttle.PersonaRate("t1", "p1")!.Value, throttle.PersonaRate("t1", "p2")!.Value));
    }

    [Fact]
    public void Without_adaptation_errors_change_no_rate()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions { RatePerSecond = 100, Adaptive = false }, _time);

        throttle.Report("t1", "p1", ChannelSendResult.Transient("45009", TimeSpan.FromMinutes(1)));

        Assert.Equal(100, throttle.ChannelRate);
    }

    [Fact]
    public void Persona_buckets_unused_for_the_idle_period_are_dropped()
    {
        var throttle = new SendThrottle(new OutboxChannelOptions { PersonaRatePerSecond = 1 }, _time);
        throttle.TryAcquirePersona("t1", "old");
        _time.Advance(SendThrottle.IdleAfter - TimeSpan.FromSeconds(1));
        throttle.TryAcquirePersona("t1", "recent");

        Assert.Equal(0, throttle.EvictIdle());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, throttle.EvictIdle());
        Assert.Equal(1, throttle.PersonaCount);

        // Sweeping also happens by itself, at most once per idle period, as personas send.
        _time.Advance(SendThrottle.IdleAfter);
        throttle.TryAcquirePersona("t1", "new");
        Assert.Equal(1, throttle.PersonaCount);
    }
}
