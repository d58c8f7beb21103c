using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.Outbox;

/// <summary>
/// The cluster-mode outbox in PostgreSQL (<c>pd_outbox</c>); the (tenant, delivery id) key makes enqueueing
/// idempotent. Waiters wake on any process's enqueue through LISTEN/NOTIFY on <c>pd_outbox</c> (sent by a
/// trigger), with a slow poll as a safety net. Concurrent enqueues (many grains' effects at once) are joined into one
/// array INSERT (<see cref="PgBatcher{TItem,TResult}"/>).
/// </summary>
public sealed class PostgresOutbox : IOutbox, IAsyncDisposable
{
    internal static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly PgListener _listener;
    private TaskCompletionSource _enqueued = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _listening;
    private readonly PgBatcher<OutboxMessage, OutboxMessage> _enqueues;

    /// <summary>How many callers' messages one INSERT carries at most.</summary>
    internal const int MaxJoinedEnqueues = 512;

    public PostgresOutbox(IOptions<PostgresOptions> options, PostgresSchemaGate schema, ILogger<PostgresOutbox> logger)
        : this(options.Value, schema, logger, DefaultPollInterval)
    {
    }

    internal PostgresOutbox(PostgresOptions settings, PostgresSchemaGate schema, ILogger logger, TimeSpan pollInterval)
    {
        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _listener = new PgListener(_dataSource, PgOutboxSql.Channel, pollInterval, _ => Signal(), SignalIfPendingAsync, logger);
        _enqueues = new PgBatcher<OutboxMessage, OutboxMessage>(InsertAsync, MaxJoinedEnqueues);
    }

    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.TenantId, nameof(message));
        ArgumentException.ThrowIfNullOrEmpty(message.DeliveryId, nameof(message));
        return await _enqueues.RunAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One array INSERT for every joined message, in the order they came; a delivery id already stored (or twice in the
    /// batch) answers with the row that stays, the first one.
    /// </summary>
    private async Task<IReadOnlyList<OutboxMessage>> InsertAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<(string, string), OutboxMessage>();
        await using (var insert = _dataSource.CreateCommand(PgOutboxSql.InsertMany))
        {
            PgOutboxRows.BindArrays(insert, messages);
            foreach (var m in await PgOutboxRows.ReadAllAsync(insert, cancellationToken).ConfigureAwait(false))
                stored[(m.TenantId, m.DeliveryId)] = m;
        }
        PostgresTelemetry.OutboxEnqueued.Add(stored.Count);
        if (stored.Values.Any(m => m.Status == OutboxStatus.Pending))
            Signal();

        // Delivery ids that existed (ON CONFLICT waited for their writer to commit): the first ones stay.
        var existing = messages.Select(m => (m.TenantId, m.DeliveryId)).Where(k => !stored.ContainsKey(k)).Distinct().ToArray();
        if (existing.Length > 0)
        {
            await using var select = _dataSource.CreateCommand(PgOutboxSql.SelectMany);
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = existing.Select(k => k.TenantId).ToArray() });
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = existing.Select(k => k.DeliveryId).ToArray() });
            foreach (var m in await PgOutboxRows.ReadAllAsync(select, cancellationToken).ConfigureAwait(false))
                stored[(m.TenantId, m.DeliveryId)] = m;
        }
        return messages.Select(m => stored.TryGetValue((m.TenantId, m.DeliveryId), out var s)
            ? s : throw new InvalidOperationException($"Outbox message '{m.DeliveryId}' vanished after insert.")).ToArray();
    }

    public async Task<IReadOnlyList<OutboxMessage>> QueryAsync(string tenantId, string? customerId, string? groupId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (limit <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Query(customerId is not null, groupId is not null));
        command.Parameters.Add(PgOutboxRows.Text(tenantId));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(PgOutboxRows.Text(customerId));
        command.Parameters.Add(PgOutboxRows.Text(groupId));
        return await PgOutboxRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Pending);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        return await PgOutboxRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkAsync(string tenantId, string deliveryId, string status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        ArgumentException.ThrowIfNullOrEmpty(status);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Mark);
        command.Parameters.Add(PgOutboxRows.Text(tenantId));
        command.Parameters.Add(PgOutboxRows.Text(deliveryId));
        command.Parameters.Add(PgOutboxRows.Text(status));
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = PgTime.Microseconds(at) });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = PgTime.SubMicrosecondTicks(at) });
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (changed > 0 && status == OutboxStatus.Pending)
            Signal();
    }

    public async Task WaitForPendingAsync(CancellationToken cancellationToken)
    {
        // Take the signal before looking: an enqueue after the look (here or, once LISTEN is in place, in any
        // process) completes this very signal.
        var signal = Volatile.Read(ref _enqueued);
        if (Interlocked.Exchange(ref _listening, 1) == 0)
            _listener.Start();
        await _listener.Listening.WaitAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = _dataSource.CreateCommand(PgOutboxSql.AnyPending))
        {
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                return;
        }

        await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadDueAsync(string channel, DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (maxCount <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Due);
        command.Parameters.Add(PgOutboxRows.Text(channel));
        command.Parameters.Add(PgOutboxRows.Time(now));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        return await PgOutboxRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> PendingChannelsAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.PendingChannels);
        var channels = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            channels.Add(reader.GetString(0));
        return channels;
    }

    public async Task ScheduleRetryAsync(string tenantId, string deliveryId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Retry);
        command.Parameters.Add(PgOutboxRows.Text(tenantId));
        command.Parameters.Add(PgOutboxRows.Text(deliveryId));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        command.Parameters.Add(PgOutboxRows.Time(nextAttemptAt));
        command.Parameters.Add(PgOutboxRows.Text(error));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            Signal();
    }

    public async Task DeferAsync(IReadOnlyList<OutboxDeferral> deferrals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deferrals);
        if (deferrals.Count == 0) return;
        foreach (var d in deferrals)
        {
            ArgumentException.ThrowIfNullOrEmpty(d.TenantId);
            ArgumentException.ThrowIfNullOrEmpty(d.DeliveryId);
        }
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Defer);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. deferrals.Select(d => d.TenantId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. deferrals.Select(d => d.DeliveryId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. deferrals.Select(d => PgTime.Microseconds(d.Until))] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(string tenantId, string deliveryId, string status, int attempts, DateTimeOffset at, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        if (status is not (OutboxStatus.Sent or OutboxStatus.Failed))
            throw new ArgumentException($"A message completes as '{OutboxStatus.Sent}' or '{OutboxStatus.Failed}', not '{status}'.", nameof(status));
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgOutboxSql.Complete);
        command.Parameters.Add(PgOutboxRows.Text(tenantId));
        command.Parameters.Add(PgOutboxRows.Text(deliveryId));
        command.Parameters.Add(PgOutboxRows.Text(status));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = PgTime.Microseconds(at) });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = PgTime.SubMicrosecondTicks(at) });
        command.Parameters.Add(PgOutboxRows.Text(error));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WaitForDueAsync(string channel, TimeProvider time, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(time);
        // LISTEN first (its first check signals whenever anything is pending, due or not), then take the signal
        // before looking: an enqueue or reschedule by any process after the look completes this very signal.
        if (Interlocked.Exchange(ref _listening, 1) == 0)
            _listener.Start();
        await _listener.Listening.WaitAsync(cancellationToken).ConfigureAwait(false);
        var signal = Volatile.Read(ref _enqueued);
        DateTimeOffset? next;
        await using (var command = _dataSource.CreateCommand(PgOutboxSql.NextDue))
        {
            command.Parameters.Add(PgOutboxRows.Text(channel));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            next = reader.GetBoolean(0) ? DateTimeOffset.MinValue
                : reader.IsDBNull(1) ? null : PgTime.Join(reader.GetFieldValue<DateTime>(1), 0);
        }

        await OutboxWaits.WaitAsync(signal.Task, next, time, maxWait, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _enqueues.DisposeAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    // Runs on the LISTEN connection after every (re)connect and between notifications.
    private async Task SignalIfPendingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PgOutboxSql.AnyPending, connection);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            Signal();
    }

    /// <summary>Wakes this process's waiters at once (the campaign store, after it made messages pending).</summary>
    internal void Signal() =>
        Interlocked.Exchange(ref _enqueued, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
