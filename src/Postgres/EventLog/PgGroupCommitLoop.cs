using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>
/// The process's one writer: takes every append waiting (up to a limit), writes them in one transaction and
/// completes them all after one COMMIT. Runs on Npgsql's async API; a failed commit fails its appends, drops
/// the connection and the next batch starts afresh (the head is re-read under the lock on every commit).
/// </summary>
internal sealed class PgGroupCommitLoop
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly ChannelReader<AppendRequest> _queue;
    private readonly int _maxAppendsPerCommit;
    private readonly SequenceSignal _head;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PgEventLogWriter? _writer;
    private long _commitCount;
    private long _splitCount;
    private Exception? _crash;

    public PgGroupCommitLoop(
        NpgsqlDataSource dataSource,
        PostgresSchemaGate schema,
        ChannelReader<AppendRequest> queue,
        int maxAppendsPerCommit,
        SequenceSignal head,
        ILogger logger)
    {
        _dataSource = dataSource;
        _schema = schema;
        _queue = queue;
        _maxAppendsPerCommit = maxAppendsPerCommit;
        _head = head;
        _logger = logger;
    }

    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Group commits that were split over the two writer connections.</summary>
    public long SplitCount => Interlocked.Read(ref _splitCount);

    /// <summary>Set when the loop died; appends are then refused.</summary>
    public Exception? Crash => Volatile.Read(ref _crash);

    /// <summary>Completes when the loop has drained the completed queue and closed its connection.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Test hook: awaited after the loop took a batch and before it writes it.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    /// <summary>Test hook: see <see cref="PgEventLogWriter.BeforeLeadCommit"/>.</summary>
    public Func<Task>? BeforeLeadCommit { get; set; }

    public void Start() => _ = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        var batch = new List<AppendRequest>(Math.Min(_maxAppendsPerCommit, 1024));
        try
        {
            // Ends when the queue is completed (dispose) and drained, so accepted appends still commit.
            while (await _queue.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _maxAppendsPerCommit && _queue.TryRead(out var request))
                    batch.Add(request);
                if (batch.Count > 0)
                    await CommitAsync(batch).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Not expected (CommitAsync catches its own failures), but never leave callers hanging.
            PostgresLog.WriterCrashed(_logger, ex);
            Volatile.Write(ref _crash, ex);
            foreach (var request in batch)
                request.Completion.TrySetException(ex);
            while (_queue.TryRead(out var request))
                request.Completion.TrySetException(ex);
        }
        finally
        {
            await CloseWriterAsync().ConfigureAwait(false);
            _stopped.TrySetResult();
        }
    }

    private async Task CommitAsync(List<AppendRequest> batch)
    {
        // An append whose caller gave up before its commit began is not written (a resend is then new, not a
        // duplicate); once the commit begins, every append in it runs to the commit's outcome.
        var active = new bool[batch.Count];
        var any = false;
        for (var i = 0; i < batch.Count; i++)
            any |= active[i] = !batch[i].CancellationToken.IsCancellationRequested;

        using var activity = StorageTelemetry.ActivitySource.StartActivity("eventlog.group_commit");
        activity?.SetTag("db.system", "postgresql");
        activity?.SetTag("pd.eventlog.appends", batch.Count);
        var started = Stopwatch.GetTimestamp();
        CommitPlan? plan = null;
        try
        {
            if (BeforeCommit is { } hook)
                await hook().ConfigureAwait(false);
            if (any)
            {
                await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
                _writer ??= await PgEventLogWriter.OpenAsync(_dataSource, CancellationToken.None).ConfigureAwait(false);
                _writer.BeforeLeadCommit = BeforeLeadCommit;
                // A commit that has begun runs to its end: its outcome decides every caller's answer.
                plan = await _writer.CommitAsync(batch, active, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (PartialCommitException partial)
        {
            activity?.SetStatus(ActivityStatusCode.Error, partial.InnerException?.Message);
            PostgresLog.GroupCommitFailed(_logger, partial, batch.Count - partial.CommittedAppends);
            await CloseWriterAsync().ConfigureAwait(false);
            _head.Advance(partial.CommittedHead);
            for (var i = 0; i < batch.Count; i++)
            {
                if (i < partial.CommittedAppends && partial.Results[i] is { } result) batch[i].Completion.TrySetResult(result);
                else if (i < partial.CommittedAppends) batch[i].Completion.TrySetCanceled(batch[i].CancellationToken);
                else batch[i].Completion.TrySetException(partial.InnerException ?? partial);
            }
            return;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            PostgresLog.GroupCommitFailed(_logger, ex, batch.Count);
            // The outcome of a failed COMMIT is unknown; the next commit re-reads the head under the lock.
            await CloseWriterAsync().ConfigureAwait(false);
            foreach (var request in batch)
                request.Completion.TrySetException(ex);
            return;
        }

        if (plan is not null)
        {
            Record(plan, batch.Count, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("pd.eventlog.events", plan.Appended);
            _head.Advance(plan.LastSequence);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (plan?.Results[i] is { } result) batch[i].Completion.TrySetResult(result);
            else batch[i].Completion.TrySetCanceled(batch[i].CancellationToken);
        }
    }

    private void Record(CommitPlan plan, int appends, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _commitCount);
        if (plan.SplitAt > 0)
        {
            Interlocked.Increment(ref _splitCount);
            PostgresTelemetry.SplitCommits.Add(1);
        }
        StorageTelemetry.AppendsPerCommit.Record(appends);
        StorageTelemetry.EventsPerCommit.Record(plan.Appended);
        StorageTelemetry.CommitDuration.Record(elapsed.TotalMilliseconds);
        if (plan.Appended > 0) StorageTelemetry.EventsAppended.Add(plan.Appended);
        if (plan.Duplicates > 0) StorageTelemetry.EventsDuplicate.Add(plan.Duplicates);
    }

    private async Task CloseWriterAsync()
    {
        if (_writer is null)
            return;
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or ObjectDisposedException)
        {
            // A broken connection cannot be closed cleanly; it is dropped either way.
        }
        _writer = null;
    }
}
