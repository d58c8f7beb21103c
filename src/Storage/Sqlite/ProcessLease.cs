using System.Collections.Concurrent;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// Embedded mode's lease: one process owns a data folder, so leadership only has to be exclusive within the
/// process (e.g. two hosts in one test process never run the same loop twice).
/// </summary>
public sealed class ProcessLease : ILeaderLease
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _held = new(StringComparer.Ordinal);

    public async Task<LeaseHandle> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var gate = _held.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new LeaseHandle(CancellationToken.None, () =>
        {
            gate.Release();
            return ValueTask.CompletedTask;
        });
    }
}
