namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>
/// Holds the event log's writer inside its first group commit until released, so tests can queue appends
/// behind it deterministically. Later commits pass straight through.
/// </summary>
internal sealed class WriterGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public Task Entered => _entered.Task;

    public Task BeforeCommit()
    {
        if (Interlocked.Increment(ref _calls) != 1)
            return Task.CompletedTask;
        _entered.SetResult();
        return _release.Task;
    }

    public void Release() => _release.TrySetResult();
}
