using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The embedded event log in <c>eventlog.db</c>. Appends queue for one writer that merges everything
/// waiting into a single transaction (group commit), so one fsync acknowledges many callers. Readers use
/// pooled connections and run beside the writer thanks to WAL. One process per data directory.
/// </summary>
public sealed class SqliteEventLog : IEventLog, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly SqliteDatabase _database;
    private readonly Channel<AppendRequest> _queue;
    private readonly SequenceSignal _head;
    private readonly GroupCommitLoop _loop;
    private readonly ILogger _logger;
    private int _disposed;

    public SqliteEventLog(IOptions<StorageOptions> options, ILogger<SqliteEventLog> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(settings.MaxPendingAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // See SqliteWriteLoop: the writer thread is woken by the append itself, not by a thread-pool hop. Appends
            // only TryWrite (a full queue is refused), so no producer continuation ever runs on the writer thread.
            AllowSynchronousContinuations = true,
        });
        _database = new SqliteDatabase(SqliteFiles.PathOf(settings, SqliteFiles.EventLog), SqliteDurability.Full);
        _database.EnsureSchema(EventLogSql.SchemaVersion, EventLogSql.Schema);
        _head = new SequenceSignal(0);
        _loop = new GroupCommitLoop(_database, _queue.Reader, settings.MaxAppendsPerCommit, _head, logger);
        _head.Advance(_loop.Open());
        StorageLog.EventLogOpened(_logger, _database.Path, _head.LastSequence);
        _loop.Start();
    }

    public long LastSequence => _head.LastSequence;

    /// <summary>Group commits done since this instance opened.</summary>
    public long CommitCount => _loop.CommitCount;

    /// <summary>Test hook: awaited by the writer after it took a batch and before it writes it.</summary>
    internal Func<Task>? BeforeCommit
    {
        get => _loop.BeforeCommit;
        set => _loop.BeforeCommit = value;
    }

    public Task<AppendResult> AppendAsync(string tenantId, IReadOnlyList<EngineEvent> events, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return AppendFrontEnd.SubmitAsync(tenantId, events, LastSequence, _queue.Writer, () => _loop.Crash, Refused, cancellationToken);
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

    public async Task<IReadOnlyList<string>> ListEntitiesAsync(string tenantId, StreamKind kind, string? afterEntityId, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var sql = EventLogSql.ListEntities(kind);
        if (maxCount <= 0)
            return [];
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenantId);
        // '' sorts before every id (ids are never empty).
        command.Parameters.AddWithValue("$after", afterEntityId ?? "");
        command.Parameters.AddWithValue("$max", maxCount);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetString(0));
        return ids;
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

    public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken) =>
        _head.WaitBeyondAsync(afterSequence, cancellationToken);

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

    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
            return;
        await _loop.Stopped.ConfigureAwait(false);
        EndDispose();
    }

    public void Dispose()
    {
        if (!BeginDispose())
            return;
        _loop.Join();
        EndDispose();
    }

    private Exception Refused()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_loop.Crash is { } crash)
            return new InvalidOperationException("The event log writer has stopped.", crash);
        StorageTelemetry.AppendsRejected.Add(1);
        StorageLog.AppendRefused(_logger, _queue.Reader.Count);
        return new EventLogOverloadedException(RetryAfter);
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
        _head.Close(new ObjectDisposedException(nameof(SqliteEventLog)));
        _database.ClearPool();
    }
}
