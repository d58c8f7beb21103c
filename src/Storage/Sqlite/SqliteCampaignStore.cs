using System.Text.Json;
using Microsoft.Data.Sqlite;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// Campaign deliveries in the outbox's file, written on the outbox's own writer: a chunk's quota reservations, outbox
/// rows and recipient rows commit in one transaction (with whatever enqueues wait beside it), so a crash never leaves
/// quota taken without its row or a row without its quota. Reads use pooled connections (WAL).
/// </summary>
public sealed class SqliteCampaignStore(SqliteOutbox outbox) : ICampaignStore
{
    private const decimal E4 = 10_000m;

    public Task<PlacementResult> PlaceAsync(CampaignChunk chunk, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(chunk);
        var rows = chunk.Deliveries.Sum(d => 1 + d.Recipients.Count);
        return outbox.WriteAsync(rows, w => Place(w, chunk), r => r.Placed > 0, cancellationToken);
    }

    public Task<int> ReleaseTaskAsync(string tenantId, string campaignId, string taskId, bool paused, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var to = paused ? OutboxStatus.Paused : OutboxStatus.Pending;
        return MoveAsync(tenantId, campaignId, taskId, OutboxStatus.Held, to, cancellationToken);
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

    public Task<int> CancelAsync(string tenantId, string campaignId, string? taskId, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        return outbox.WriteAsync(1, w =>
        {
            var unsent = w.Command(CampaignSql.Unsent(taskId is not null));
            BindCampaign(unsent, tenantId, campaignId, taskId);
            var quotas = new List<(string Subject, string Period, long Count)>();
            using (var reader = unsent.ExecuteReader())
                while (reader.Read())
                    quotas.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            var cancel = w.Command(CampaignSql.Cancel(taskId is not null));
            BindCampaign(cancel, tenantId, campaignId, taskId);
            var cancelled = cancel.ExecuteNonQuery();
            // The rows just cancelled are exactly those counted above (the writer is alone): each gives its unit back once.
            foreach (var (subject, period, count) in quotas)
            {
                var giveBack = w.Prepared(CampaignSql.GiveBack, "$tenant", "$subject", "$period", "$count");
                Bind(giveBack, tenantId, subject, period, count);
                giveBack.ExecuteNonQuery();
            }
            return cancelled;
        }, _ => false, cancellationToken);
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
        return await outbox.WriteAsync(1, w =>
        {
            var known = w.Command(CampaignSql.RecipientKnown);
            known.Parameters.AddWithValue("$tenant", tenantId);
            known.Parameters.AddWithValue("$customer", customerId);
            known.Parameters.AddWithValue("$delivery", deliveryId);
            if (known.ExecuteScalar() is not string campaignId)
                return false;
            var first = w.Command(CampaignSql.Signal(column + "_at"));
            first.Parameters.AddWithValue("$tenant", tenantId);
            first.Parameters.AddWithValue("$customer", customerId);
            first.Parameters.AddWithValue("$delivery", deliveryId);
            first.Parameters.AddWithValue("$at", at.UtcTicks);
            if (first.ExecuteNonQuery() == 0)
                return true;
            var count = w.Command(CampaignSql.CountSignal(column));
            count.Parameters.AddWithValue("$tenant", tenantId);
            count.Parameters.AddWithValue("$delivery", deliveryId);
            count.Parameters.AddWithValue("$campaign", campaignId);
            count.ExecuteNonQuery();
            return true;
        }, _ => false, cancellationToken).ConfigureAwait(false);
    }

    public Task<string?> AttributePurchaseAsync(string tenantId, string customerId, string orderId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        return outbox.WriteAsync(1, w =>
        {
            var order = w.Command(CampaignSql.OrderCampaign);
            order.Parameters.AddWithValue("$tenant", tenantId);
            order.Parameters.AddWithValue("$order", orderId);
            if (order.ExecuteScalar() is string before)
                return before;
            var find = w.Command(CampaignSql.Attributable);
            find.Parameters.AddWithValue("$tenant", tenantId);
            find.Parameters.AddWithValue("$customer", customerId);
            find.Parameters.AddWithValue("$at", at.UtcTicks);
            find.Parameters.AddWithValue("$defaultWindow", CampaignDefaults.ConversionWindow.Ticks);
            string deliveryId, campaignId;
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                    return null;
                (deliveryId, campaignId) = (reader.GetString(0), reader.GetString(1));
            }
            var convert = w.Command(CampaignSql.Convert);
            var p = convert.Parameters;
            p.AddWithValue("$tenant", tenantId);
            p.AddWithValue("$order", orderId);
            p.AddWithValue("$campaign", campaignId);
            p.AddWithValue("$delivery", deliveryId);
            p.AddWithValue("$customer", customerId);
            p.AddWithValue("$amount", ToE4(amount));
            p.AddWithValue("$at", at.UtcTicks);
            convert.ExecuteNonQuery();
            return (string?)campaignId;
        }, _ => false, cancellationToken);
    }

    public Task SetConversionWindowAsync(string tenantId, string campaignId, TimeSpan window, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        return outbox.WriteAsync(1, w =>
        {
            var command = w.Command(CampaignSql.SetWindow);
            command.Parameters.AddWithValue("$tenant", tenantId);
            command.Parameters.AddWithValue("$campaign", campaignId);
            command.Parameters.AddWithValue("$window", window.Ticks);
            return command.ExecuteNonQuery();
        }, _ => false, cancellationToken);
    }

    public async Task<CampaignCounts> CountsAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        await using var connection = await outbox.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: the counters and the statuses come from the same snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var counters = Read(connection, transaction, CampaignSql.Counters, tenantId, campaignId);
        var counts = CampaignCounts.Zero;
        await using (var reader = await counters.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return counts;
            counts = counts with
            {
                Deliveries = reader.GetInt64(0), SkippedQuota = reader.GetInt64(1), Recipients = reader.GetInt64(2),
                Read = reader.GetInt64(3), Clicked = reader.GetInt64(4), Converted = reader.GetInt64(5), Revenue = reader.GetInt64(6) / E4,
            };
        }
        await using var statuses = Read(connection, transaction, CampaignSql.StatusCounts, tenantId, campaignId);
        await using (var reader = await statuses.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                counts = CampaignStatusCounts.Add(counts, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
        return counts;
    }

    public async Task<IReadOnlyList<CampaignGroupResult>> GroupResultsAsync(string tenantId, string campaignId, int limit, CancellationToken cancellationToken = default)
    {
        CampaignArguments.Check(tenantId, campaignId);
        if (limit <= 0)
            return [];
        await using var connection = await outbox.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Read(connection, null, CampaignSql.GroupResults, tenantId, campaignId);
        command.Parameters.AddWithValue("$limit", limit);
        var results = new List<CampaignGroupResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            results.Add(new CampaignGroupResult(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6) / E4));
        return results;
    }

    public async Task<int> QuotaUsedAsync(string tenantId, string subject, string period, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(period);
        await using var connection = await outbox.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = CampaignSql.QuotaUsed;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$subject", subject);
        command.Parameters.AddWithValue("$period", period);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long used ? (int)used : 0;
    }

    private Task<int> MoveAsync(string tenantId, string campaignId, string? taskId, string from, string to, CancellationToken cancellationToken) =>
        outbox.WriteAsync(1, w =>
        {
            var command = w.Command(CampaignSql.Move(taskId is not null));
            BindCampaign(command, tenantId, campaignId, taskId);
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            return command.ExecuteNonQuery();
        }, moved => moved > 0 && to == OutboxStatus.Pending, cancellationToken);

    /// <summary>Places one chunk on the writer thread (see <see cref="ICampaignStore.PlaceAsync"/>).</summary>
    private static PlacementResult Place(SqliteOutbox.Writer w, CampaignChunk chunk)
    {
        var exists = w.Prepared(CampaignSql.DeliveryExists, "$tenant", "$delivery");
        var reserve = w.Prepared(CampaignSql.Reserve, "$tenant", "$subject", "$period", "$limit");
        var insertOutbox = w.Prepared(CampaignSql.InsertOutbox, CampaignSql.InsertOutboxNames);
        var insertRecipients = w.Prepared(CampaignSql.InsertRecipients, "$tenant", "$customers", "$delivery");
        var insertDelivery = w.Prepared(CampaignSql.InsertDelivery,
            "$tenant", "$delivery", "$campaign", "$task", "$group", "$customer", "$subject", "$period", "$status", "$recipients");
        var tenant = chunk.TenantId;
        int placed = 0, skipped = 0, already = 0;
        long recipients = 0;
        foreach (var delivery in chunk.Deliveries)
        {
            var m = delivery.Message;
            Bind(exists, tenant, m.DeliveryId);
            if (exists.ExecuteScalar() is not null)
            {
                already++;
                continue;
            }

            var q = delivery.Quota;
            var reserved = q.Limit > 0 && Bind(reserve, tenant, q.Subject, q.Period, q.Limit).ExecuteNonQuery() > 0;
            var reached = 0;
            if (reserved)
            {
                // Recipients first, so the outbox row (and the status counts its trigger keeps) carries how many were stored.
                var r = insertRecipients.Parameters;
                r[0].Value = tenant;
                r[1].Value = JsonSerializer.Serialize(delivery.Recipients);
                r[2].Value = m.DeliveryId;
                reached = insertRecipients.ExecuteNonQuery();
                var p = insertOutbox.Parameters;
                p[0].Value = tenant;
                p[1].Value = m.DeliveryId;
                p[2].Value = m.Channel;
                p[3].Value = m.PersonaId;
                p[4].Value = (object?)m.CustomerId ?? DBNull.Value;
                p[5].Value = (object?)m.GroupId ?? DBNull.Value;
                p[6].Value = (object?)m.AgentId ?? DBNull.Value;
                p[7].Value = m.Kind;
                p[8].Value = m.Text;
                p[9].Value = m.CreatedAt.UtcTicks;
                p[10].Value = m.Status;
                p[11].Value = m.NextAttemptAt is { } next ? next.UtcTicks : DBNull.Value;
                p[12].Value = (object?)m.Target ?? DBNull.Value;
                p[13].Value = (object?)m.SecretName ?? DBNull.Value;
                p[14].Value = chunk.CampaignId;
                p[15].Value = (object?)delivery.TaskId ?? DBNull.Value;
                p[16].Value = reached;
                insertOutbox.ExecuteNonQuery();
                placed++;
                recipients += reached;
            }
            else
                skipped++;

            var d = insertDelivery.Parameters;
            d[0].Value = tenant;
            d[1].Value = m.DeliveryId;
            d[2].Value = chunk.CampaignId;
            d[3].Value = (object?)delivery.TaskId ?? DBNull.Value;
            d[4].Value = (object?)m.GroupId ?? DBNull.Value;
            d[5].Value = (object?)m.CustomerId ?? DBNull.Value;
            d[6].Value = q.Subject;
            d[7].Value = q.Period;
            d[8].Value = reserved ? "placed" : "skipped_quota";
            d[9].Value = reached;
            insertDelivery.ExecuteNonQuery();
        }

        if (placed + skipped > 0)
        {
            var ensure = w.Prepared(CampaignSql.EnsureCampaign, "$tenant", "$campaign");
            Bind(ensure, tenant, chunk.CampaignId).ExecuteNonQuery();
            var add = w.Prepared(CampaignSql.AddPlaced, "$tenant", "$campaign", "$placed", "$skipped", "$recipients");
            Bind(add, tenant, chunk.CampaignId, placed, skipped, recipients).ExecuteNonQuery();
        }
        return new PlacementResult(placed, skipped, already, recipients);
    }

    private static SqliteCommand Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command;
    }

    private static void BindCampaign(SqliteCommand command, string tenantId, string campaignId, string? taskId)
    {
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$campaign", campaignId);
        if (taskId is not null) command.Parameters.AddWithValue("$task", taskId);
    }

    private static SqliteCommand Read(SqliteConnection connection, SqliteTransaction? transaction, string sql, string tenantId, string campaignId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$campaign", campaignId);
        return command;
    }

    internal static long ToE4(decimal amount) => (long)decimal.Round(amount * E4);
}
