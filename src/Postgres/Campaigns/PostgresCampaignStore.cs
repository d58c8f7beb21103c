using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using PrivateDomain.Contracts;
using PrivateDomain.Postgres.Outbox;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.Campaigns;

/// <summary>
/// Campaign deliveries next to <c>pd_outbox</c>. A chunk is placed in one transaction with a handful of set-based
/// statements: claim its new delivery rows (the idempotence gate), lock the quota rows in key order and reserve in
/// memory, write the outbox rows (unnest arrays; the outbox trigger NOTIFYs every process) and COPY the recipients.
/// </summary>
public sealed class PostgresCampaignStore : ICampaignStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly PostgresOutbox? _outbox;
    private readonly PgBatcher<(string Tenant, string Customer, string Order), bool> _mayAttribute;

    public PostgresCampaignStore(IOptions<PostgresOptions> options, PostgresSchemaGate schema, PostgresOutbox outbox)
        : this(options.Value, schema, outbox)
    {
    }

    internal PostgresCampaignStore(PostgresOptions settings, PostgresSchemaGate schema, PostgresOutbox? outbox)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _schema = schema;
        _outbox = outbox;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _mayAttribute = new PgBatcher<(string, string, string), bool>(MayAttributeAsync, MaxJoinedAttributions);
    }

    /// <summary>How many purchases one joined "could this be a campaign's?" look carries at most.</summary>
    internal const int MaxJoinedAttributions = 1024;

    public async Task<PlacementResult> PlaceAsync(CampaignChunk chunk, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(chunk);
        if (chunk.Deliveries.Count == 0)
            return new PlacementResult(0, 0, 0, 0);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var tenant = chunk.TenantId;
        var all = chunk.Deliveries;
        var members = all.Select(d => d.Recipients.Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        await using (var claim = new NpgsqlCommand(PgCampaignSql.Claim, connection, transaction))
        {
            Add(claim, tenant, chunk.CampaignId);
            AddArrays(claim, all.Select(d => d.Message.DeliveryId).ToArray(), all.Select(d => d.TaskId).ToArray(), all.Select(d => d.Message.GroupId).ToArray(),
                all.Select(d => d.Message.CustomerId).ToArray(), all.Select(d => d.Quota.Subject).ToArray(), all.Select(d => d.Quota.Period).ToArray());
            claim.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = members.Select(m => m.Length).ToArray() });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                claimed.Add(reader.GetString(0));
        }
        // The first of a repeated id in the chunk is the one placed.
        var fresh = new List<int>();
        foreach (var (d, i) in all.Select((d, i) => (d, i)))
            if (claimed.Remove(d.Message.DeliveryId)) fresh.Add(i);
        var already = all.Count - fresh.Count;
        if (fresh.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new PlacementResult(0, 0, already, 0);
        }

        var used = await LockQuotaAsync(connection, transaction, tenant, fresh.Select(i => all[i].Quota).Where(q => q.Limit > 0), cancellationToken).ConfigureAwait(false);
        var placed = new List<int>();
        var skipped = new List<string>();
        foreach (var i in fresh)
        {
            var q = all[i].Quota;
            var key = (q.Subject, q.Period);
            if (q.Limit > 0 && used.TryGetValue(key, out var n) && n < q.Limit)
            {
                used[key] = n + 1;
                placed.Add(i);
            }
            else
                skipped.Add(all[i].Message.DeliveryId);
        }
        var recipients = placed.Sum(i => (long)members[i].Length);

        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            var setQuota = new NpgsqlBatchCommand(PgCampaignSql.SetQuota);
            Add(setQuota, tenant);
            AddArrays(setQuota, used.Keys.Select(k => k.Subject).ToArray(), used.Keys.Select(k => k.Period).ToArray());
            setQuota.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = used.Values.ToArray() });
            batch.BatchCommands.Add(setQuota);
            if (skipped.Count > 0)
            {
                var skip = new NpgsqlBatchCommand(PgCampaignSql.Skip);
                Add(skip, tenant);
                AddArrays(skip, skipped.ToArray());
                batch.BatchCommands.Add(skip);
            }
            if (placed.Count > 0)
                batch.BatchCommands.Add(InsertOutbox(tenant, chunk.CampaignId, placed.Select(i => all[i]).ToArray(), placed.Select(i => members[i].Length).ToArray()));
            var add = new NpgsqlBatchCommand(PgCampaignSql.AddPlaced);
            Add(add, tenant, chunk.CampaignId);
            add.Parameters.Add(new NpgsqlParameter<long> { TypedValue = placed.Count });
            add.Parameters.Add(new NpgsqlParameter<long> { TypedValue = skipped.Count });
            add.Parameters.Add(new NpgsqlParameter<long> { TypedValue = recipients });
            batch.BatchCommands.Add(add);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (recipients > 0)
        {
            // The delivery rows were new to this transaction, so none of their recipient rows can exist: COPY is safe.
            await using var copy = await connection.BeginBinaryImportAsync(PgCampaignSql.CopyRecipients, cancellationToken).ConfigureAwait(false);
            foreach (var i in placed)
            {
                var deliveryId = all[i].Message.DeliveryId;
                foreach (var customer in members[i])
                {
                    await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(tenant, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(customer, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(deliveryId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
            }
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (placed.Count > 0) _outbox?.Signal();
        return new PlacementResult(placed.Count, skipped.Count, already, recipients);
    }

    public Task<int> ReleaseTaskAsync(string tenantId, string campaignId, string taskId, bool paused, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return MoveAsync(tenantId, campaignId, taskId, OutboxStatus.Held, paused ? OutboxStatus.Paused : OutboxStatus.Pending, cancellationToken);
    }

    public Task<int> PauseAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        return MoveAsync(tenantId, campaignId, null, OutboxStatus.Pending, OutboxStatus.Paused, cancellationToken);
    }

    public Task<int> ResumeAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        return MoveAsync(tenantId, campaignId, null, OutboxStatus.Paused, OutboxStatus.Pending, cancellationToken);
    }

    public async Task<int> CancelAsync(string tenantId, string campaignId, string? taskId, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.Cancel);
        Add(command, tenantId, campaignId);
        command.Parameters.Add(PgOutboxRows.Text(taskId));
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> RecordSignalAsync(string tenantId, string deliveryId, string customerId, CampaignSignal signal, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var column = signal switch
        {
            CampaignSignal.Read => "read",
            CampaignSignal.Clicked => "clicked",
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown campaign signal."),
        };
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.Signal(column));
        Add(command, tenantId, deliveryId, customerId);
        command.Parameters.Add(PgOutboxRows.Time(at));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    public async Task<string?> AttributePurchaseAsync(string tenantId, string customerId, string orderId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        // Most purchases follow no campaign message: one joined look for many concurrent purchases rules them out (no
        // attribution of the order yet, no unconverted delivery to the customer), with no transaction of their own.
        if (!await _mayAttribute.RunAsync((tenantId, customerId, orderId), cancellationToken).ConfigureAwait(false))
            return null;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await OrderCampaignAsync(connection, tenantId, orderId, cancellationToken).ConfigureAwait(false) is { } before)
            return before;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        string deliveryId, campaignId;
        await using (var find = new NpgsqlCommand(PgCampaignSql.Attributable, connection, transaction))
        {
            Add(find, tenantId, customerId);
            find.Parameters.Add(PgOutboxRows.Time(at));
            find.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = CampaignDefaults.ConversionWindow });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            (deliveryId, campaignId) = (reader.GetString(0), reader.GetString(1));
        }
        await using (var convert = new NpgsqlCommand(PgCampaignSql.Convert, connection, transaction))
        {
            Add(convert, tenantId, orderId, campaignId, deliveryId, customerId);
            convert.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = amount });
            convert.Parameters.Add(PgOutboxRows.Time(at));
            if ((int)(await convert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                // Another call took this order first: its answer stands.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return await OrderCampaignAsync(connection, tenantId, orderId, cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return campaignId;
    }

    public async Task SetConversionWindowAsync(string tenantId, string campaignId, TimeSpan window, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.SetWindow);
        Add(command, tenantId, campaignId);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = window });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CampaignCounts> CountsAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = _dataSource.CreateBatch();
        var counters = new NpgsqlBatchCommand(PgCampaignSql.Counters);
        Add(counters, tenantId, campaignId);
        var statuses = new NpgsqlBatchCommand(PgCampaignSql.StatusCounts);
        Add(statuses, tenantId, campaignId);
        batch.BatchCommands.Add(counters);
        batch.BatchCommands.Add(statuses);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return CampaignCounts.Zero;
        var counts = CampaignCounts.Zero with
        {
            Deliveries = reader.GetInt64(0), SkippedQuota = reader.GetInt64(1), Recipients = reader.GetInt64(2),
            Read = reader.GetInt64(3), Clicked = reader.GetInt64(4), Converted = reader.GetInt64(5), Revenue = reader.GetDecimal(6),
        };
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            counts = CampaignStatusCounts.Add(counts, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
        return counts;
    }

    public async Task<IReadOnlyList<CampaignGroupResult>> GroupResultsAsync(string tenantId, string campaignId, int limit, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        if (limit <= 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.GroupResults);
        Add(command, tenantId, campaignId);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var results = new List<CampaignGroupResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            results.Add(new CampaignGroupResult(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetDecimal(6)));
        return results;
    }

    public async Task<int> QuotaUsedAsync(string tenantId, string subject, string period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(period);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.QuotaUsed);
        Add(command, tenantId, subject, period);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int used ? used : 0;
    }

    private async Task<IReadOnlyList<bool>> MayAttributeAsync(IReadOnlyList<(string Tenant, string Customer, string Order)> purchases, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.MayAttribute);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = purchases.Select(p => p.Tenant).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = purchases.Select(p => p.Customer).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = purchases.Select(p => p.Order).ToArray() });
        var may = new bool[purchases.Count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            may[reader.GetInt64(0) - 1] = true;
        return may;
    }

    public async ValueTask DisposeAsync()
    {
        await _mayAttribute.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> MoveAsync(string tenantId, string campaignId, string? taskId, string from, string to, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgCampaignSql.Move);
        Add(command, tenantId, campaignId, from, to);
        command.Parameters.Add(PgOutboxRows.Text(taskId));
        var moved = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        // The outbox trigger NOTIFYs every process at commit; this wakes this one's sender without the round trip.
        if (moved > 0 && to == OutboxStatus.Pending) _outbox?.Signal();
        return moved;
    }

    private static async Task<Dictionary<(string Subject, string Period), int>> LockQuotaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string tenant, IEnumerable<QuotaClaim> claims, CancellationToken cancellationToken)
    {
        var keys = claims.Select(q => (q.Subject, q.Period)).Distinct().Order().ToArray();
        var used = new Dictionary<(string Subject, string Period), int>();
        if (keys.Length == 0)
            return used;
        var subjects = keys.Select(k => k.Subject).ToArray();
        var periods = keys.Select(k => k.Period).ToArray();
        await using (var ensure = new NpgsqlCommand(PgCampaignSql.EnsureQuota, connection, transaction))
        {
            Add(ensure, tenant);
            AddArrays(ensure, subjects, periods);
            await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var lockRows = new NpgsqlCommand(PgCampaignSql.LockQuota, connection, transaction);
        Add(lockRows, tenant);
        AddArrays(lockRows, subjects, periods);
        await using var reader = await lockRows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            used[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return used;
    }

    private static NpgsqlBatchCommand InsertOutbox(string tenant, string campaignId, PlannedDelivery[] placed, int[] counts)
    {
        var command = new NpgsqlBatchCommand(PgCampaignSql.InsertOutbox);
        var m = placed.Select(d => d.Message).ToArray();
        Add(command, tenant, campaignId);
        AddArrays(command, m.Select(x => x.DeliveryId).ToArray(), m.Select(x => x.Channel).ToArray(), m.Select(x => x.PersonaId).ToArray(),
            m.Select(x => x.CustomerId).ToArray(), m.Select(x => x.GroupId).ToArray(), m.Select(x => x.AgentId).ToArray(),
            m.Select(x => x.Kind).ToArray(), m.Select(x => x.Text).ToArray());
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = m.Select(x => PgTime.Microseconds(x.CreatedAt)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = m.Select(x => PgTime.SubMicrosecondTicks(x.CreatedAt)).ToArray() });
        AddArrays(command, m.Select(x => x.Status).ToArray());
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = m.Select(x => x.NextAttemptAt is { } n ? PgTime.Microseconds(n) : (DateTime?)null).ToArray() });
        AddArrays(command, m.Select(x => x.Target).ToArray(), m.Select(x => x.SecretName).ToArray(), placed.Select(d => d.TaskId).ToArray());
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = counts });
        return command;
    }

    private static async Task<string?> OrderCampaignAsync(NpgsqlConnection connection, string tenantId, string orderId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PgCampaignSql.OrderCampaign, connection);
        Add(command, tenantId, orderId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static void Add(NpgsqlCommand command, params string[] values)
    {
        foreach (var v in values) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = v });
    }

    private static void Add(NpgsqlBatchCommand command, params string[] values)
    {
        foreach (var v in values) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = v });
    }

    private static void AddArrays(NpgsqlCommand command, params string?[][] arrays)
    {
        foreach (var a in arrays) command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = a });
    }

    private static void AddArrays(NpgsqlBatchCommand command, params string?[][] arrays)
    {
        foreach (var a in arrays) command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = a });
    }
}
