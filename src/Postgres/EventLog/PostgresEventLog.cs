using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>
/// The cluster-mode event log in PostgreSQL (<c>pd_events</c>). Appends queue for this process's one writer,
/// which merges everything waiting into a single transaction (group commit). Several processes may append to
/// one database: every commit takes a transaction-scoped advisory lock before it reads the head and keeps it
/// until COMMIT, so sequences are gap-free and become visible strictly in order. The head follows other
/// processes' commits through LISTEN/NOTIFY on <c>pd_events</c>, with a slow poll as a safety net.
/// </summary>
public sealed class PostgresEventLog : IEventLog, IAsyncDisposable
{
    internal static readonly TimeSpan DefaultHeadPollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly Channel<AppendRequest> _queue;
    private readonly SequenceSignal _head = new(0);
    private readonly PgGroupCommitLoop _loop;
    private readonly PgListener _listener;
    private readonly ILogger _logger;
    private readonly string _database;
    private int _disposed;

    public PostgresEventLog(IOptions<PostgresOptions> options, PostgresSchemaGate schema, ILogger<PostgresEventLog> logger)
        : this(options.Value, schema, logger, DefaultHeadPollInterval)
    {
    }

    internal PostgresEventLog(PostgresOptions settings, PostgresSchemaGate schema, ILogger logger, TimeSpan headPollInterval)
    {
        _schema = schema;
        _logger = logger;
        _database = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Database ?? "";
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _queue = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(settings.MaxPendingAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = new PgGroupCommitLoop(_dataSource, schema, _queue.Reader, settings.MaxAppendsPerCommit, _head, logger);
        _listener = new PgListener(_dataSource, PgEventSql.Channel, headPollInterval, OnNotified, PollHeadAsync, logger);
        Ready = OpenAsync();
        _listener.Start();
        _loop.Start();
    }

    /// <summary>Completes once the schema exists and <see cref="LastSequence"/> holds the committed head.</summary>
    public Task Ready { get; }

    public long LastSequence => _head.LastSequence;

    /// <summary>Group commits done by this instance.</summary>
    public long CommitCount => _loop.CommitCount;

    /// <summary>Group commits split over the writer's two connections.</summary>
    internal long SplitCommitCount => _loop.SplitCount;

    /// <summary>Test hook: awaited between the two COMMITs of a split group commit.</summary>
    internal Func<Task>? BeforeLeadCommit
    {
        get => _loop.BeforeLeadCommit;
        set => _loop.BeforeLeadCommit = value;
    }

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
        var sql = PgEventSql.ReadStream(stream.Kind);
        if (maxCount <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.EntityId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        return await EventRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListEntitiesAsync(string tenantId, StreamKind kind, string? afterEntityId, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var sql = PgEventSql.ListEntities(kind);
        if (maxCount <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = afterEntityId ?? "" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetString(0));
        return ids;
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgEventSql.ReadAll);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        return await EventRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken) =>
        _head.WaitBeyondAsync(afterSequence, cancellationToken);

    public async Task<long> ReadCheckpointAsync(string consumerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgEventSql.ReadCheckpoint);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumerId });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sequence ? sequence : 0;
    }

    public async Task WriteCheckpointAsync(string consumerId, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgEventSql.WriteCheckpoint);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumerId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking appends, commits those already queued, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _queue.Writer.TryComplete();
        await _loop.Stopped.ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        _head.Close(new ObjectDisposedException(nameof(PostgresEventLog)));
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task OpenAsync()
    {
        await _listener.Listening.ConfigureAwait(false);
        PostgresLog.EventLogOpened(_logger, _database, _head.LastSequence);
    }

    // Another process's commit (or our own, already applied): the payload is the committed head.
    private void OnNotified(string payload)
    {
        if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            AdvanceFromElsewhere(sequence);
    }

    private async Task PollHeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PgEventSql.Head, connection);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sequence)
            AdvanceFromElsewhere(sequence);
    }

    private void AdvanceFromElsewhere(long sequence)
    {
        if (sequence <= _head.LastSequence)
            return;
        PostgresTelemetry.RemoteAdvances.Add(1);
        _head.Advance(sequence);
    }

    private Exception Refused()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_loop.Crash is { } crash)
            return new InvalidOperationException("The event log writer has stopped.", crash);
        StorageTelemetry.AppendsRejected.Add(1);
        PostgresLog.AppendRefused(_logger, _queue.Reader.Count);
        return new EventLogOverloadedException(RetryAfter);
    }
}
