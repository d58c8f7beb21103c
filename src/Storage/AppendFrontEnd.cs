using System.Threading.Channels;
using PrivateDomain.Contracts;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Storage;

/// <summary>
/// The caller's half of a group-committed log, the same for every backend: checks the batch, hashes it on the
/// caller's thread (keeping the writer's turn short), queues it for the single writer and returns its answer.
/// </summary>
internal static class AppendFrontEnd
{
    public static Task<AppendResult> SubmitAsync(
        string tenantId,
        IReadOnlyList<EngineEvent> events,
        long lastSequence,
        ChannelWriter<AppendRequest> queue,
        Func<Exception?> writerCrash,
        Func<Exception> refused,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        if (events.Count == 0)
            return Task.FromResult(new AppendResult(AppendOutcome.Appended, 0, 0, [], lastSequence));

        var hashes = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            ArgumentException.ThrowIfNullOrEmpty(e.Id, nameof(events));
            hashes[i] = EventBodyHash.Compute(e);
        }

        var request = new AppendRequest(tenantId, events, hashes, cancellationToken);
        if (writerCrash() is not null || !queue.TryWrite(request))
            throw refused();
        if (writerCrash() is { } crash)
            request.Completion.TrySetException(crash); // raced with the writer's death: nobody will read it

        // A caller that stops waiting may still see its events committed; a resend is then a duplicate.
        return request.Completion.Task.WaitAsync(cancellationToken);
    }
}
