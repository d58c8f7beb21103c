using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The outbox in <c>outbox.db</c>; the (tenant, delivery id) key makes enqueueing idempotent. Every write goes through
/// one writer thread that commits whatever is waiting in one transaction (<see cref="SqliteWriteLoop{TStatements}"/>):
/// callers never contend for SQLite's write lock, so no pool thread ever sleeps in its busy handler, and thousands of
/// enqueues a second cost a few commits. Reads use pooled connections beside it (WAL).
/// </summary>
public sealed class SqliteOutbox : IOutbox, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SqliteWriteLoop<Writer> _writer;
    private TaskCompletionSource _enqueued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteOutbox(IOptions<StorageOptions> options, ILogger<SqliteOutbox>? logger = null)
    {
        _database = new SqliteDatabase(SqliteFiles.PathOf(options.Value, SqliteFiles.Outbox), SqliteDurability.Normal);
        _database.EnsureSchema(OutboxSql.SchemaVersion, OutboxSql.SchemaFrom(SchemaVersionOf(_database)));
        _writer = new SqliteWriteLoop<Writer>(_database, c => new Writer(c), "outbox-writer", (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>The file, for the campaign store and customer directory that live beside the outbox.</summary>
    internal SqliteDatabase Database => _database;

    /// <summary>
    /// Runs <paramref name="body"/> on the outbox's writer, in its transaction (with any enqueues waiting beside it);
    /// after the commit wakes the sender when <paramref name="wakes"/> says the body made messages pending.
    /// </summary>
    internal async Task<T> WriteAsync<T>(int rows, Func<Writer, T> body, Func<T, bool> wakes, CancellationToken cancellationToken)
    {
        var result = await _writer.RunAsync(rows, body, cancellationToken).ConfigureAwait(false);
        if (wakes(result)) Signal();
        return result;
    }

    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (stored, inserted) = await _writer.RunAsync(1, w =>
        {
            var insert = w.Command(OutboxSql.Insert);
            OutboxRows.Bind(insert, message);
            var added = insert.ExecuteNonQuery() > 0;
            var select = w.Command(OutboxSql.Select);
            select.Parameters.AddWithValue("$tenant", message.TenantId);
            select.Parameters.AddWithValue("$delivery", message.DeliveryId);
            var rows = OutboxRows.ReadAll(select);
            return (rows.Count == 1 ? rows[0] : null, added);
        }, cancellationToken).ConfigureAwait(false);
        // After the commit, so a sender woken by it finds the row.
        if (inserted) Signal();
        return stored ?? throw new InvalidOperationException($"Outbox message '{message.DeliveryId}' vanished after insert.");
    }

    public async Task<IReadOnlyList<OutboxMessage>> QueryAsync(string tenantId, string? customerId, string? groupId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (limit <= 0)
            return [];
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.Query(customerId is not null, groupId is not null));
        command.Parameters.AddWithValue("$tenant", tenantId);
        if (customerId is not null) command.Parameters.AddWithValue("$customer", customerId);
        if (groupId is not null) command.Parameters.AddWithValue("$group", groupId);
        command.Parameters.AddWithValue("$limit", limit);
        return await OutboxRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        if (maxCount <= 0)
            return [];
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.Pending);
        command.Parameters.AddWithValue("$limit", maxCount);
        return await OutboxRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkAsync(string tenantId, string deliveryId, string status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        var changed = await _writer.RunAsync(1, w =>
        {
            var command = w.Command(OutboxSql.Mark);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$delivery", deliveryId);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$at", at.UtcTicks);
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        if (changed > 0 && status == OutboxStatus.Pending)
            Signal();
    }

    public async Task WaitForPendingAsync(CancellationToken cancellationToken)
    {
        // Take the signal before looking: an enqueue after the look completes this very signal.
        var signal = Volatile.Read(ref _enqueued);
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Command(connection, OutboxSql.AnyPending))
        {
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1L)
                return;
        }

        await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ReadDueAsync(string channel, DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (maxCount <= 0)
            return [];
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.Due);
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.Parameters.AddWithValue("$limit", maxCount);
        return await OutboxRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> PendingChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.PendingChannels);
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
        var changed = await _writer.RunAsync(1, w =>
        {
            var command = w.Command(OutboxSql.Retry);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$delivery", deliveryId);
            command.Parameters.AddWithValue("$attempts", attempts);
            command.Parameters.AddWithValue("$next", nextAttemptAt.UtcTicks);
            command.Parameters.AddWithValue("$error", error);
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        if (changed > 0)
            Signal();
    }

    public Task DeferAsync(IReadOnlyList<OutboxDeferral> deferrals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deferrals);
        if (deferrals.Count == 0) return Task.CompletedTask;
        foreach (var d in deferrals)
        {
            ArgumentException.ThrowIfNullOrEmpty(d.TenantId);
            ArgumentException.ThrowIfNullOrEmpty(d.DeliveryId);
        }
        return _writer.RunAsync(deferrals.Count, w =>
        {
            var command = w.Prepared(OutboxSql.Defer, "$tenant", "$delivery", "$next");
            foreach (var d in deferrals)
            {
                command.Parameters[0].Value = d.TenantId;
                command.Parameters[1].Value = d.DeliveryId;
                command.Parameters[2].Value = d.Until.UtcTicks;
                command.ExecuteNonQuery();
            }
            return 0;
        }, cancellationToken);
    }

    public Task CompleteAsync(string tenantId, string deliveryId, string status, int attempts, DateTimeOffset at, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        if (status is not (OutboxStatus.Sent or OutboxStatus.Failed))
            throw new ArgumentException($"A message completes as '{OutboxStatus.Sent}' or '{OutboxStatus.Failed}', not '{status}'.", nameof(status));
        return _writer.RunAsync(1, w =>
        {
            var command = w.Command(OutboxSql.Complete);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$delivery", deliveryId);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$attempts", attempts);
            command.Parameters.AddWithValue("$at", at.UtcTicks);
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public async Task WaitForDueAsync(string channel, TimeProvider time, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(time);
        // Take the signal before looking, as in WaitForPendingAsync.
        var signal = Volatile.Read(ref _enqueued);
        DateTimeOffset? next;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Command(connection, OutboxSql.NextDue))
        {
            command.Parameters.AddWithValue("$channel", channel);
            next = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks
                ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }

        await OutboxWaits.WaitAsync(signal.Task, next, time, maxWait, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _database.ClearPool();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _enqueued, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static int SchemaVersionOf(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var command = Command(connection, "PRAGMA user_version;");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// The writer thread's connection, with each batch's transaction. Commands are kept per statement, so SQLite
    /// prepares each one once rather than on every enqueue; a caller sets its parameters afresh each time
    /// (<see cref="Command"/>) or binds the kept ones by position (<see cref="Prepared"/>, for bulk writes).
    /// </summary>
    internal sealed class Writer : ISqliteStatements
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
        private SqliteTransaction? _transaction;

        public Writer(SqliteConnection connection)
        {
            _connection = connection;
            // A campaign chunk touches index pages all over the recipient table: keep them in memory (64 MiB).
            using var pragma = SqliteOutbox.Command(connection, "PRAGMA cache_size = -65536;");
            pragma.ExecuteNonQuery();
        }

        public void Begin(SqliteTransaction transaction) => _transaction = transaction;

        public SqliteCommand Command(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command)) _commands[sql] = command = SqliteOutbox.Command(_connection, sql);
            command.Parameters.Clear();
            command.Transaction = _transaction;
            return command;
        }

        /// <summary>The statement with its named parameters kept, to be bound by position.</summary>
        public SqliteCommand Prepared(string sql, params string[] names)
        {
            if (!_prepared.TryGetValue(sql, out var command)) _prepared[sql] = command = SqliteStatements.Prepare(_connection, sql, names);
            command.Transaction = _transaction;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            foreach (var command in _prepared.Values) command.Dispose();
        }
    }
}
