using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>What becomes of a message after an attempt: its status and, while pending, when to try again.</summary>
public sealed record OutboxAttemptOutcome(string Status, int Attempts, DateTimeOffset? NextAttemptAt, string? Error);

/// <summary>Decides sent / retry later / failed for good after one attempt. Pure: time is passed in.</summary>
public static class OutboxRetryPolicy
{
    public static OutboxAttemptOutcome After(OutboxMessage message, ChannelSendResult result, DateTimeOffset now, OutboxChannelOptions options)
    {
        var attempts = message.Attempts + 1;
        if (result.Sent) return new(OutboxStatus.Sent, attempts, null, null);
        var error = result.Error ?? "failed";
        if (!result.Retryable) return new(OutboxStatus.Failed, attempts, null, error);
        if (attempts >= options.MaxAttempts)
            return new(OutboxStatus.Failed, attempts, null, $"gave up after {attempts} attempts: {error}");
        var delay = Backoff(attempts, options);
        if (result.RetryAfter is { } hint && hint > delay) delay = hint < options.MaxRetryDelay ? hint : options.MaxRetryDelay;
        var next = now + delay;
        if (next - message.CreatedAt > options.MaxAge)
            return new(OutboxStatus.Failed, attempts, null, $"gave up after {attempts} attempts (older than {options.MaxAge}): {error}");
        return new(OutboxStatus.Pending, attempts, next, error);
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: first delay × 2^(attempts − 1), capped.</summary>
    public static TimeSpan Backoff(int attempts, OutboxChannelOptions options)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var ticks = options.FirstRetryDelay.Ticks * factor;
        return ticks >= options.MaxRetryDelay.Ticks ? options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
