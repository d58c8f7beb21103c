using PrivateDomain.Contracts;
using PrivateDomain.Silo.Channels;

namespace PrivateDomain.Tests.Unit.Outbox;

public sealed class OutboxThrottleOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_throttle_wecom_only()
    {
        var options = new OutboxOptions();

        Assert.True(options.IsValid());
        var wecom = options.For(OutboxOptions.WeComChannel);
        Assert.Equal((150d, 150, 20d, 20, 1d, true), (wecom.RatePerSecond!.Value, wecom.Burst, wecom.PersonaRatePerSecond!.Value, wecom.PersonaBurst, wecom.MinRatePerSecond, wecom.Adaptive));
        Assert.False(options.For(WebhookDelivery.Channel).Throttled);
        Assert.False(options.For("sms").Throttled);
    }

    [Theory]
    [InlineData(0d, 10, null, 5, 0.5)]
    [InlineData(-1d, 10, null, 5, 0.5)]
    [InlineData(10d, 0, null, 5, 0.5)]
    [InlineData(null, 10, 0d, 5, 0.5)]
    [InlineData(null, 10, 1d, 0, 0.5)]
    [InlineData(null, 10, 1d, 5, 0d)]
    [InlineData(1d, 10, null, 5, 2d)]
    [InlineData(null, 10, 0.2, 5, 0.5)]
    [InlineData(200_000d, 10, null, 5, 0.5)]
    public void Rates_out_of_range_are_invalid(double? rate, int burst, double? personaRate, int personaBurst, double min)
    {
        var channel = new OutboxChannelOptions { RatePerSecond = rate, Burst = burst, PersonaRatePerSecond = personaRate, PersonaBurst = personaBurst, MinRatePerSecond = min };

        Assert.False(channel.IsValid());
        Assert.True(new OutboxChannelOptions().IsValid());
    }

    [Fact]
    public void Simulated_faults_out_of_range_are_invalid()
    {
        Assert.False(new OutboxOptions { Simulated = new() { TransientErrorShare = 1.5 } }.IsValid());
        Assert.False(new OutboxOptions { Simulated = new() { RetryAfter = TimeSpan.Zero } }.IsValid());
        Assert.True(new OutboxOptions { Simulated = new() { TransientErrorShare = 0.2, RetryAfter = TimeSpan.FromSeconds(1) } }.IsValid());
    }

    [Fact]
    public void Simulated_faults_fail_about_their_share_and_decide_from_the_attempt_alone()
    {
        var faults = new SimulatedChannelFaults { TransientErrorShare = 0.3 };
        var messages = Enumerable.Range(0, 10_000).Select(i => Message($"d{i}")).ToList();

        var failed = messages.Count(faults.Fails);

        Assert.InRange(failed, 2_700, 3_300);
        Assert.All(messages.Take(100), m => Assert.Equal(faults.Fails(m), faults.Fails(m with { Text = "other" })));
        Assert.Contains(messages, m => faults.Fails(m) != faults.Fails(m with { Attempts = 1 }));
        Assert.DoesNotContain(messages, new SimulatedChannelFaults().Fails);
        Assert.All(messages.Take(100), m => Assert.True(new SimulatedChannelFaults { TransientErrorShare = 1 }.Fails(m)));
    }

    private static OutboxMessage Message(string id) =>
        new(id, "t1", "wecom", "p1", "c1", null, null, "text", "hello", DateTimeOffset.UnixEpoch, OutboxStatus.Pending, null);
}
