using PrivateDomain.Silo.Channels.Throttling;

namespace PrivateDomain.Tests.Unit.Outbox;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_bucket_gives_its_burst_at_once_then_one_token_per_rate_step()
    {
        var bucket = new TokenBucket(ratePerSecond: 4, burst: 3, T0);

        Assert.True(bucket.TryTake(T0, out _));
        Assert.True(bucket.TryTake(T0, out _));
        Assert.True(bucket.TryTake(T0, out _));
        Assert.False(bucket.TryTake(T0, out var next));
        Assert.Equal(T0.AddMilliseconds(250), next);
        Assert.False(bucket.TryTake(T0.AddMilliseconds(249), out _));
        Assert.True(bucket.TryTake(T0.AddMilliseconds(250), out _));
    }

    [Fact]
    public void Refill_is_by_elapsed_time_and_stops_at_the_burst()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 5, T0);
        for (var i = 0; i < 5; i++) Assert.True(bucket.TryTake(T0, out _));

        Assert.Equal(2, bucket.Available(T0.AddMilliseconds(200)), 6);
        Assert.Equal(5, bucket.Available(T0.AddHours(1)), 6);
    }

    [Fact]
    public void A_turned_away_taker_is_promised_a_later_token_each_time()
    {
        var bucket = new TokenBucket(ratePerSecond: 2, burst: 1, T0);
        Assert.True(bucket.TryTake(T0, out _));

        var promises = Enumerable.Range(0, 3).Select(_ => bucket.Promise(T0)).ToList();

        Assert.Equal([T0.AddMilliseconds(500), T0.AddMilliseconds(1000), T0.AddMilliseconds(1500)], promises);
        // Promises already past are not carried forward.
        Assert.Equal(T0.AddSeconds(10), bucket.Promise(T0.AddSeconds(10)));
    }

    [Fact]
    public void A_slower_rate_applies_from_the_change_on_and_keeps_tokens_earned()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 10, T0);
        for (var i = 0; i < 10; i++) Assert.True(bucket.TryTake(T0, out _));

        bucket.SetRate(1, T0.AddMilliseconds(500)); // 5 tokens earned at 10/s

        Assert.Equal(5, bucket.Available(T0.AddMilliseconds(500)), 6);
        Assert.Equal(6, bucket.Available(T0.AddMilliseconds(1500)), 6);
    }

    [Fact]
    public void A_pause_gives_nothing_until_its_end_then_one_token()
    {
        var bucket = new TokenBucket(ratePerSecond: 100, burst: 50, T0);

        bucket.PauseUntil(T0.AddSeconds(5), T0);

        Assert.False(bucket.TryTake(T0.AddSeconds(4.9), out var next));
        Assert.Equal(T0.AddSeconds(5), next);
        Assert.Equal(0, bucket.Available(T0.AddSeconds(4.9)));
        Assert.True(bucket.TryTake(T0.AddSeconds(5), out _));
        Assert.False(bucket.TryTake(T0.AddSeconds(5), out next));
        Assert.Equal(T0.AddSeconds(5).AddMilliseconds(10), next);
    }

    [Fact]
    public void Rates_and_bursts_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(0, 1, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, 0.5, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, 1, T0).SetRate(-1, T0));
    }
}
