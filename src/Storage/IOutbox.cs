using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>The durable outbox: outbound messages wait here until a channel adapter has sent them.</summary>
public interface IOutbox
{
    /// <summary>Stores the message unless its (tenant, delivery id) exists; returns the stored message either way.</summary>
    Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>A tenant's messages, newest first, optionally for one customer and/or group.</summary>
    Task<IReadOnlyList<OutboxMessage>> QueryAsync(string tenantId, string? customerId, string? groupId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> pending messages, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Records the delivery state of a message.</summary>
    Task MarkAsync(string tenantId, string deliveryId, string status, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Completes when a message was enqueued after the call began (or at once if pending ones exist).</summary>
    Task WaitForPendingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="maxCount"/> pending messages of <paramref name="channel"/> that are due at
    /// <paramref name="now"/> (never tried, or their next attempt has come), oldest first.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ReadDueAsync(string channel, DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The channels that have pending messages (so the sender can fail those no adapter serves).</summary>
    Task<IReadOnlyList<string>> PendingChannelsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt of a pending message that will be tried again: it stays pending with
    /// <paramref name="attempts"/>, its next attempt at <paramref name="nextAttemptAt"/> and the error.
    /// </summary>
    Task ScheduleRetryAsync(string tenantId, string deliveryId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts pending messages back, each until its <see cref="OutboxDeferral.Until"/>, without counting an attempt (the
    /// sender's throttle: their persona account had no token). One write for the lot; a message no longer pending is
    /// left as it is. Nothing becomes due sooner, so waiters are not woken.
    /// </summary>
    Task DeferAsync(IReadOnlyList<OutboxDeferral> deferrals, CancellationToken cancellationToken = default);

    /// <summary>Records the final state of a pending message (sent or failed) with its attempt count and last error.</summary>
    Task CompleteAsync(string tenantId, string deliveryId, string status, int attempts, DateTimeOffset at, string? error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes at once if a pending message of <paramref name="channel"/> is due; otherwise when a message is
    /// enqueued or rescheduled after the call began, when the earliest next attempt comes, or after
    /// <paramref name="maxWait"/>, whichever is first. It may also return early (callers look and wait again).
    /// </summary>
    Task WaitForDueAsync(string channel, TimeProvider time, TimeSpan maxWait, CancellationToken cancellationToken);
}

/// <summary>A pending message put back until <see cref="Until"/> (see <see cref="IOutbox.DeferAsync"/>).</summary>
public sealed record OutboxDeferral(string TenantId, string DeliveryId, DateTimeOffset Until);
