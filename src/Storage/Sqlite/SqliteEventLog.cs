using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The embedded event log. Appends queue for one writer thread that merges everything waiting into a
/// single transaction (group commit), so one fsync acknowledges many callers. Readers use pooled
/// connections and run beside the writer thanks to WAL.
/// </summary>
public sealed class SqliteEventLog : IEventLog, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly SqliteDatabase _database;
    private readonly Channel<AppendRequest> _queue;
    private readonly int _maxAppendsPerCommit;
    private readonly ILogger _logger;
    private readonly Thread _writerThread;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventLogWriter? _writer;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSequence;
    private long _commitCount;
    private int _disposed;

    public SqliteEventLog(IOptions<StorageOptions> options, ILogger<SqliteEventLog> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _maxAppendsPerCommit = settings.MaxAppendsPerCommit;
        _queue = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(settings.MaxPendingAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _database = new SqliteDatabase(SqliteFiles.PathOf(settings, SqliteFiles.EventLog), SqliteDurability.Full);
        _database.EnsureSchema(EventLogSql.SchemaVersion, EventLogSql.Schema);
        _writer = new EventLogWriter(_database);
        _lastSequence = _writer.ReadLastSequence();
        StorageLog.EventLogOpened(_logger, _database.Path, _lastSequence);

        // SQLite's I/O is synchronous: a dedicated thread keeps fsync waits off the thread pool.
        _writerThread = new Thread(RunWriter) { IsBackground = true, Name = "eventlog-writer" };
        _writerThread.Start();
    }

    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>Group commits done since this instance opened.</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Test hook: awaited by the writer after it took a batch and before it writes it.</summary>
    internal Func<Task>? BeforeCommit { get; set; }

    public Task<AppendResult> AppendAsync(string tenantId, IReadOnlyList<EngineEvent> events, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        if (events.Count == 0)
            return Task.FromResult(new AppendResult(AppendOutcome.Appended, 0, 0, [], LastSequence));

        var hashes = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            ArgumentException.ThrowIfNullOrEmpty(e.Id, nameof(events));
            hashes[i] = EventBodyHash.Compute(e);
        }

        var request = new AppendRequest(tenantId, events, hashes, cancellationToken);
        if (!_queue.Writer.TryWrite(request))
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            StorageTelemetry.AppendsRejected.Add(1);
            StorageLog.AppendRefused(_logger, _queue.Reader.Count);
            throw new EventLogOverloadedException(RetryAfter);
        }

        // A caller that stops waiting may still see its events committed; a resend is then a duplicate.
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadStreamAsync(StreamKey stream, long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        var sql = EventLogSql.ReadStream(stream.Kind);
        if (maxCount <= 0)
            return [];
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", stream.TenantId);
        command.Parameters.AddWithValue("$entity", stream.EntityId);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", maxCount);
        return await EventRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
            return [];
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = EventLogSql.ReadAll;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", maxCount);
        return await EventRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before checking: a commit after the check completes this very signal.
            var signal = Volatile.Read(ref _appended);
            if (LastSequence > afterSequence)
                return;
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<long> ReadCheckpointAsync(string consumerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = EventLogSql.ReadCheckpoint;
        command.Parameters.AddWithValue("$consumer", consumerId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sequence ? sequence : 0;
    }

    public async Task WriteCheckpointAsync(string consumerId, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = EventLogSql.WriteCheckpoint;
        command.Parameters.AddWithValue("$consumer", consumerId);
        command.Parameters.AddWithValue("$seq", sequence);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void RunWriter()
    {
        var batch = new List<AppendRequest>(Math.Min(_maxAppendsPerCommit, 1024));
        try
        {
            while (WaitForRequests())
            {
                batch.Clear();
                while (batch.Count < _maxAppendsPerCommit && _queue.Reader.TryRead(out var request))
                    batch.Add(request);
                if (batch.Count > 0)
                    CommitBatch(batch);
            }
        }
        catch (Exception ex)
        {
            StorageLog.WriterCrashed(_logger, ex);
        }
        finally
        {
            _writer?.Dispose();
            _writer = null;
            _writerStopped.TrySetResult();
        }
    }

    // Blocking is deliberate: this is the writer's own thread, never a pool thread.
    private bool WaitForRequests() =>
        _queue.Reader.TryPeek(out _) || _queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    private void CommitBatch(List<AppendRequest> batch)
    {
        using var activity = StorageTelemetry.ActivitySource.StartActivity("eventlog.group_commit");
        activity?.SetTag("pd.eventlog.appends", batch.Count);
        var started = Stopwatch.GetTimestamp();
        var results = new AppendResult?[batch.Count];
        CommitSummary summary;
        try
        {
            BeforeCommit?.Invoke().GetAwaiter().GetResult();
            _writer ??= new EventLogWriter(_database);
            summary = _writer.Commit(batch, LastSequence, results);
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

        Publish(summary, batch.Count, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("pd.eventlog.events", summary.Appended);
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is { } result) batch[i].Completion.TrySetResult(result);
            else batch[i].Completion.TrySetCanceled(batch[i].CancellationToken);
        }
    }

    private void Publish(CommitSummary summary, int appends, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _commitCount);
        StorageTelemetry.AppendsPerCommit.Record(appends);
        StorageTelemetry.EventsPerCommit.Record(summary.Appended);
        StorageTelemetry.CommitDuration.Record(elapsed.TotalMilliseconds);
        if (summary.Appended > 0) StorageTelemetry.EventsAppended.Add(summary.Appended);
        if (summary.Duplicates > 0) StorageTelemetry.EventsDuplicate.Add(summary.Duplicates);
        if (summary.LastSequence <= LastSequence)
            return;

        Volatile.Write(ref _lastSequence, summary.LastSequence);
        var signal = Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        signal.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
            return;
        await _writerStopped.Task.ConfigureAwait(false);
        EndDispose();
    }

    public void Dispose()
    {
        if (!BeginDispose())
            return;
        _writerThread.Join();
        EndDispose();
    }

    // The writer drains what is already queued before it stops, so accepted appends still commit.
    private bool BeginDispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return false;
        _queue.Writer.TryComplete();
        return true;
    }

    private void EndDispose()
    {
        // Waiters wake with ObjectDisposedException; marking the faults observed keeps them out of the
        // unobserved-exception handler when nobody is waiting.
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        closed.SetException(new ObjectDisposedException(nameof(SqliteEventLog)));
        _ = closed.Task.Exception;
        var last = Interlocked.Exchange(ref _appended, closed);
        last.TrySetException(new ObjectDisposedException(nameof(SqliteEventLog)));
        _ = last.Task.Exception;
        _database.ClearPool();
    }
}
