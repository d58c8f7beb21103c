using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The single writer: takes every append waiting (up to a limit), writes them in one transaction and
/// completes them all after one fsync. SQLite's I/O is synchronous, so the loop owns a dedicated thread
/// and keeps fsync waits off the thread pool.
/// </summary>
internal sealed class GroupCommitLoop
{
    private readonly SqliteDatabase _database;
    private readonly ChannelReader<AppendRequest> _queue;
    private readonly int _maxAppendsPerCommit;
    private readonly SequenceSignal _head;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventLogWriter? _writer;
    private long _commitCount;
    private Exception? _crash;

    public GroupCommitLoop(SqliteDatabase database, ChannelReader<AppendRequest> queue, int maxAppendsPerCommit, SequenceSignal head, ILogger logger)
    {
        _database = database;
        _queue = queue;
        _maxAppendsPerCommit = maxAppendsPerCommit;
        _head = head;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "eventlog-writer" };
    }

    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Set when the loop died; appends are then refused.</summary>
    public Exception? Crash => Volatile.Read(ref _crash);

    /// <summary>Completes when the loop has drained the completed queue and closed its connection.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Test hook: awaited after the loop took a batch and before it writes it.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    /// <summary>Opens the writer connection and returns the last committed sequence.</summary>
    public long Open()
    {
        _writer = new EventLogWriter(_database);
        return _writer.ReadLastSequence();
    }

    public void Start() => _thread.Start();

    public void Join() => _thread.Join();

    private void Run()
    {
        var batch = new List<AppendRequest>(Math.Min(_maxAppendsPerCommit, 1024));
        try
        {
            while (WaitForRequests())
            {
                batch.Clear();
                while (batch.Count < _maxAppendsPerCommit && _queue.TryRead(out var request))
                    batch.Add(request);
                if (batch.Count > 0)
                    Commit(batch);
            }
        }
        catch (Exception ex)
        {
            // Not expected (Commit catches its own failures), but never leave callers hanging.
            StorageLog.WriterCrashed(_logger, ex);
            Volatile.Write(ref _crash, ex);
            foreach (var request in batch)
                request.Completion.TrySetException(ex);
            while (_queue.TryRead(out var request))
                request.Completion.TrySetException(ex);
        }
        finally
        {
            _writer?.Dispose();
            _writer = null;
            _stopped.TrySetResult();
        }
    }

    // Blocking is deliberate: this is the loop's own thread, never a pool thread.
    private bool WaitForRequests() =>
        _queue.TryPeek(out _) || _queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    private void Commit(List<AppendRequest> batch)
    {
        using var activity = StorageTelemetry.ActivitySource.StartActivity("eventlog.group_commit");
        activity?.SetTag("pd.eventlog.appends", batch.Count);
        var started = Stopwatch.GetTimestamp();
        var results = new AppendResult?[batch.Count];
        CommitSummary summary;
        try
        {
            BeforeCommit?.Invoke().GetAwaiter().GetResult();
            if (_writer is null)
            {
                // A failed commit's outcome is unknown (a COMMIT can fail after reaching disk), so the
                // next sequence comes from the file, not from memory.
                _writer = new EventLogWriter(_database);
                _head.Advance(_writer.ReadLastSequence());
            }
            summary = _writer.Commit(batch, _head.LastSequence, results);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            StorageLog.GroupCommitFailed(_logger, ex, batch.Count);
            // The connection may be unusable after an I/O error; the next batch opens a fresh one.
            _writer?.Dispose();
            _writer = null;
            foreach (var request in batch)
                request.Completion.TrySetException(ex);
            return;
        }

        Record(summary, batch.Count, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("pd.eventlog.events", summary.Appended);
        _head.Advance(summary.LastSequence);
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is { } result) batch[i].Completion.TrySetResult(result);
            else batch[i].Completion.TrySetCanceled(batch[i].CancellationToken);
        }
    }

    private void Record(CommitSummary summary, int appends, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _commitCount);
        StorageTelemetry.AppendsPerCommit.Record(appends);
        StorageTelemetry.EventsPerCommit.Record(summary.Appended);
        StorageTelemetry.CommitDuration.Record(elapsed.TotalMilliseconds);
        if (summary.Appended > 0) StorageTelemetry.EventsAppended.Add(summary.Appended);
        if (summary.Duplicates > 0) StorageTelemetry.EventsDuplicate.Add(summary.Duplicates);
    }
}
