using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>The outbox in <c>outbox.db</c>; the (tenant, delivery id) key makes enqueueing idempotent.</summary>
public sealed class SqliteOutbox : IOutbox, IDisposable
{
    private readonly SqliteDatabase _database;
    private TaskCompletionSource _enqueued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteOutbox(IOptions<StorageOptions> options)
    {
        _database = new SqliteDatabase(SqliteFiles.PathOf(options.Value, SqliteFiles.Outbox), SqliteDurability.Normal);
        _database.EnsureSchema(OutboxSql.SchemaVersion, OutboxSql.Schema);
    }

    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = OutboxSql.Insert;
            OutboxRows.Bind(insert, message);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
                Signal();
        }

        await using var select = Command(connection, OutboxSql.Select);
        select.Parameters.AddWithValue("$tenant", message.TenantId);
        select.Parameters.AddWithValue("$delivery", message.DeliveryId);
        var stored = await OutboxRows.ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
        return stored.Count == 1 ? stored[0] : throw new InvalidOperationException($"Outbox message '{message.DeliveryId}' vanished after insert.");
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
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.Mark);
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$delivery", deliveryId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$at", at.UtcTicks);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.Retry);
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$delivery", deliveryId);
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$next", nextAttemptAt.UtcTicks);
        command.Parameters.AddWithValue("$error", error);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            Signal();
    }

    public async Task CompleteAsync(string tenantId, string deliveryId, string status, int attempts, DateTimeOffset at, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        if (status is not (OutboxStatus.Sent or OutboxStatus.Failed))
            throw new ArgumentException($"A message completes as '{OutboxStatus.Sent}' or '{OutboxStatus.Failed}', not '{status}'.", nameof(status));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, OutboxSql.Complete);
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$delivery", deliveryId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$at", at.UtcTicks);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            next = reader.GetInt64(0) == 1 ? DateTimeOffset.MinValue
                : reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        }

        await OutboxWaits.WaitAsync(signal.Task, next, time, maxWait, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _database.ClearPool();

    private void Signal() =>
        Interlocked.Exchange(ref _enqueued, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
