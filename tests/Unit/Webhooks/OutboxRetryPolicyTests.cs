using PrivateDomain.Contracts;
using PrivateDomain.Silo.Channels;

namespace PrivateDomain.Tests.Unit.Webhooks;

public sealed class OutboxRetryPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private static readonly OutboxChannelOptions Options = new()
    {
        MaxAttempts = 5, FirstRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(60), MaxAge = TimeSpan.FromHours(1),
    };

    private static OutboxMessage Message(int attempts = 0, DateTimeOffset? createdAt = null) =>
        new("d1", "t1", WebhookDelivery.Channel, "", "c1", null, null, WebhookDelivery.Channel, "{}", createdAt ?? T0, OutboxStatus.Pending, null,
            Attempts: attempts);

    [Fact]
    public void Success_is_sent_with_the_attempt_counted()
    {
        var outcome = OutboxRetryPolicy.After(Message(attempts: 2), ChannelSendResult.Success, T0, Options);

        Assert.Equal(new OutboxAttemptOutcome(OutboxStatus.Sent, 3, null, null), outcome);
    }

    [Fact]
    public void Permanent_failure_fails_at_once()
    {
        var outcome = OutboxRetryPolicy.After(Message(), ChannelSendResult.Permanent("HTTP 400"), T0, Options);

        Assert.Equal(new OutboxAttemptOutcome(OutboxStatus.Failed, 1, null, "HTTP 400"), outcome);
    }

    [Fact]
    public void Transient_failures_back_off_exponentially_up_to_the_cap()
    {
        var delays = Enumerable.Range(0, 4)
            .Select(done => OutboxRetryPolicy.After(Message(attempts: done), ChannelSendResult.Transient("HTTP 503"), T0, Options))
            .Select(o => (o.Status, o.NextAttemptAt - T0))
            .ToList();

        Assert.Equal(
            [
                (OutboxStatus.Pending, TimeSpan.FromSeconds(10)), (OutboxStatus.Pending, TimeSpan.FromSeconds(20)),
                (OutboxStatus.Pending, TimeSpan.FromSeconds(40)), (OutboxStatus.Pending, TimeSpan.FromSeconds(60)),
            ],
            delays);
    }

    [Fact]
    public void The_last_allowed_attempt_failing_fails_the_message()
    {
        var outcome = OutboxRetryPolicy.After(Message(attempts: 4), ChannelSendResult.Transient("timed out"), T0, Options);

        Assert.Equal(OutboxStatus.Failed, outcome.Status);
        Assert.Equal(5, outcome.Attempts);
        Assert.Null(outcome.NextAttemptAt);
        Assert.Equal("gave up after 5 attempts: timed out", outcome.Error);
    }

    [Fact]
    public void A_retry_that_would_fall_beyond_the_maximum_age_fails_instead()
    {
        var young = OutboxRetryPolicy.After(Message(createdAt: T0), ChannelSendResult.Transient("HTTP 500"), T0.AddMinutes(59), Options);
        var old = OutboxRetryPolicy.After(Message(createdAt: T0), ChannelSendResult.Transient("HTTP 500"), T0.AddMinutes(59).AddSeconds(51), Options);

        Assert.Equal(OutboxStatus.Pending, young.Status);
        Assert.Equal(OutboxStatus.Failed, old.Status);
        Assert.StartsWith("gave up after 1 attempts (older than", old.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_after_from_the_receiver_lengthens_the_wait_but_never_past_the_cap()
    {
        var longer = OutboxRetryPolicy.After(Message(), ChannelSendResult.Transient("HTTP 429", TimeSpan.FromSeconds(30)), T0, Options);
        var capped = OutboxRetryPolicy.After(Message(), ChannelSendResult.Transient("HTTP 429", TimeSpan.FromHours(2)), T0, Options);
        var shorter = OutboxRetryPolicy.After(Message(), ChannelSendResult.Transient("HTTP 429", TimeSpan.FromSeconds(1)), T0, Options);

        Assert.Equal(T0.AddSeconds(30), longer.NextAttemptAt);
        Assert.Equal(T0.AddSeconds(60), capped.NextAttemptAt);
        Assert.Equal(T0.AddSeconds(10), shorter.NextAttemptAt);
    }
}
