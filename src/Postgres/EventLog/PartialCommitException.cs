using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>
/// A split group commit whose first part committed and whose second did not: the first
/// <see cref="CommittedAppends"/> appends are durable (up to <see cref="CommittedHead"/>), the rest failed.
/// </summary>
internal sealed class PartialCommitException(IReadOnlyList<AppendResult?> results, int committedAppends, long committedHead, Exception inner)
    : Exception("The second part of a split group commit failed after the first part committed.", inner)
{
    /// <summary>The planned results; those of the first <see cref="CommittedAppends"/> appends hold.</summary>
    public IReadOnlyList<AppendResult?> Results { get; } = results;

    public int CommittedAppends { get; } = committedAppends;

    public long CommittedHead { get; } = committedHead;
}
