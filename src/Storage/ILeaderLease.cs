namespace PrivateDomain.Storage;

/// <summary>
/// Exclusive, named leadership for work that must run in exactly one process of the cluster at a time (the
/// grain dispatcher, the outbox sender). Held until disposed or lost; a new holder resumes from durable state.
/// </summary>
public interface ILeaderLease
{
    /// <summary>Waits until this process holds the lease <paramref name="name"/>.</summary>
    Task<LeaseHandle> AcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A held lease. <see cref="Lost"/> is cancelled if the lease ends without being disposed (e.g. its connection died).</summary>
public sealed class LeaseHandle(CancellationToken lost, Func<ValueTask> release) : IAsyncDisposable
{
    public CancellationToken Lost { get; } = lost;

    public ValueTask DisposeAsync() => release();
}
