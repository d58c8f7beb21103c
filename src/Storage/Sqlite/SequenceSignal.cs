namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The log's committed head: the last sequence, and a signal swapped on every advance so waiters wake
/// without polling.
/// </summary>
internal sealed class SequenceSignal(long lastSequence)
{
    private long _lastSequence = lastSequence;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>Moves the head forward (never back) and wakes the waiters.</summary>
    public void Advance(long sequence)
    {
        if (sequence <= LastSequence)
            return;
        Volatile.Write(ref _lastSequence, sequence);
        Interlocked.Exchange(ref _advanced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async Task WaitBeyondAsync(long afterSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before checking: an advance after the check completes this very signal.
            var signal = Volatile.Read(ref _advanced);
            if (LastSequence > afterSequence)
                return;
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes current and future waiters with <paramref name="reason"/>.</summary>
    public void Close(Exception reason)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        closed.SetException(reason);
        // Mark the faults observed so an unwatched close never reaches the unobserved-exception handler.
        _ = closed.Task.Exception;
        var last = Interlocked.Exchange(ref _advanced, closed);
        last.TrySetException(reason);
        _ = last.Task.Exception;
    }
}
