namespace PrivateDomain.Storage;

/// <summary>The waiting rule both outboxes share for <see cref="IOutbox.WaitForDueAsync"/>.</summary>
public static class OutboxWaits
{
    /// <summary>
    /// Returns at once when <paramref name="nextDue"/> has come; otherwise waits for <paramref name="signal"/> (an
    /// enqueue or reschedule), until <paramref name="nextDue"/>, or for <paramref name="maxWait"/>, whichever is first.
    /// </summary>
    public static async Task WaitAsync(Task signal, DateTimeOffset? nextDue, TimeProvider time, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var wait = maxWait;
        if (nextDue is { } due)
        {
            var untilDue = due - time.GetUtcNow();
            if (untilDue <= TimeSpan.Zero)
                return;
            if (untilDue < wait) wait = untilDue;
        }
        try
        {
            await signal.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The next attempt has come, or it is time to look again.
        }
    }
}
