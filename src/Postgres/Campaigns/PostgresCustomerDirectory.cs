using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.Campaigns;

/// <summary>
/// The customer directory in <c>pd_customer_directory</c>, tags indexed in <c>pd_customer_tag</c> (only for customers
/// not removed). Concurrent upserts (every customer grain writes its entry before its state when it changed) are joined:
/// one transaction of three array statements carries everything queued meanwhile.
/// </summary>
public sealed class PostgresCustomerDirectory : ICustomerDirectory, IAsyncDisposable
{
    private const string Upsert = """
        INSERT INTO pd_customer_directory (tenant_id, customer_id, owner_persona_id, owner_agent_id, name, time_zone, tags,
            purchase_count, purchase_total, last_purchase_at, removed)
        SELECT tn, c, pe, ag, na, tz, ARRAY(SELECT jsonb_array_elements_text(tg::jsonb)), pc, pt, lp, rm
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::numeric[],
            $10::timestamptz[], $11::boolean[]) AS x(tn, c, pe, ag, na, tz, tg, pc, pt, lp, rm)
        ON CONFLICT (tenant_id, customer_id) DO UPDATE SET owner_persona_id = excluded.owner_persona_id,
            owner_agent_id = excluded.owner_agent_id, name = excluded.name, time_zone = excluded.time_zone, tags = excluded.tags,
            purchase_count = excluded.purchase_count, purchase_total = excluded.purchase_total,
            last_purchase_at = excluded.last_purchase_at, removed = excluded.removed
        """;

    private const string ClearTags = """
        DELETE FROM pd_customer_tag t USING unnest($1::text[], $2::text[]) AS x(tn, c) WHERE t.tenant_id = x.tn AND t.customer_id = x.c
        """;

    private const string AddTags = """
        INSERT INTO pd_customer_tag (tenant_id, tag, customer_id)
        SELECT x.tn, tag, x.c FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) AS x(tn, c, tg, rm)
        CROSS JOIN LATERAL jsonb_array_elements_text(x.tg::jsonb) AS tag
        WHERE NOT x.rm
        ON CONFLICT DO NOTHING
        """;

    private const string Columns = "customer_id, owner_persona_id, owner_agent_id, name, time_zone, tags, purchase_count, purchase_total, last_purchase_at";

    private const string PageAll = $"""
        SELECT {Columns} FROM pd_customer_directory
        WHERE tenant_id = $1 AND customer_id > $2 AND NOT removed ORDER BY customer_id LIMIT $3
        """;

    private const string PageIds = $"""
        SELECT {Columns} FROM pd_customer_directory
        WHERE tenant_id = $1 AND customer_id > $2 AND customer_id = ANY($4) AND NOT removed ORDER BY customer_id LIMIT $3
        """;

    private const string PageTag = """
        SELECT customer_id FROM pd_customer_tag WHERE tenant_id = $1 AND customer_id > $2 AND tag = $4 ORDER BY customer_id LIMIT $3
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly PgBatcher<IReadOnlyList<CustomerDirectoryEntry>, bool> _upserts;

    public PostgresCustomerDirectory(IOptions<PostgresOptions> options, PostgresSchemaGate schema)
        : this(options.Value, schema)
    {
    }

    internal PostgresCustomerDirectory(PostgresOptions settings, PostgresSchemaGate schema)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _upserts = new PgBatcher<IReadOnlyList<CustomerDirectoryEntry>, bool>(WriteAsync, MaxJoinedCalls);
    }

    /// <summary>How many callers' upserts one transaction carries at most.</summary>
    internal const int MaxJoinedCalls = 512;

    public async Task UpsertAsync(IReadOnlyList<CustomerDirectoryEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(entries));
            ArgumentException.ThrowIfNullOrEmpty(e.TenantId, nameof(entries));
            ArgumentException.ThrowIfNullOrEmpty(e.CustomerId, nameof(entries));
        }
        if (entries.Count == 0)
            return;
        await _upserts.RunAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<IReadOnlyList<CustomerDirectoryEntry>> calls, CancellationToken cancellationToken)
    {
        // Last wins (calls are joined in the order they came): one row per customer, or the upsert would touch a row twice.
        var rows = calls.SelectMany(c => c).GroupBy(e => (e.TenantId, e.CustomerId)).Select(g => g.Last()).ToArray();
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var tenants = rows.Select(e => e.TenantId).ToArray();
        var ids = rows.Select(e => e.CustomerId).ToArray();
        var tags = rows.Select(e => JsonSerializer.Serialize(e.Tags ?? [])).ToArray();
        var removed = rows.Select(e => e.Removed).ToArray();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var upsert = new NpgsqlBatchCommand(Upsert);
        Arrays(upsert, tenants, ids, rows.Select(e => e.OwnerPersonaId).ToArray(), rows.Select(e => e.OwnerAgentId).ToArray(),
            rows.Select(e => e.Name).ToArray(), rows.Select(e => e.TimeZone).ToArray(), tags);
        upsert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(e => e.PurchaseCount).ToArray() });
        upsert.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = rows.Select(e => e.PurchaseTotal).ToArray() });
        upsert.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = rows.Select(e => e.LastPurchaseAt is { } at ? PgTime.Microseconds(at) : (DateTime?)null).ToArray() });
        upsert.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = removed });
        var clear = new NpgsqlBatchCommand(ClearTags);
        Arrays(clear, tenants, ids);
        var add = new NpgsqlBatchCommand(AddTags);
        Arrays(add, tenants, ids, tags);
        add.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = removed });
        batch.BatchCommands.Add(upsert);
        batch.BatchCommands.Add(clear);
        batch.BatchCommands.Add(add);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new bool[calls.Count];
    }

    public async Task<IReadOnlyList<CustomerDirectoryEntry>> PageAsync(string tenantId, IReadOnlyList<string>? customerIds, IReadOnlyList<string>? tags, bool all,
        string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (limit <= 0)
            return [];
        after ??= "";
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (all)
        {
            await using var page = Command(connection, PageAll, tenantId, after, limit);
            return await ReadAsync(page, tenantId, cancellationToken).ConfigureAwait(false);
        }

        // As in SQLite: the listed ids and each tag's first `limit` ids after the cursor hold the page.
        var ids = new SortedSet<string>(customerIds?.Where(id => string.CompareOrdinal(id, after) > 0) ?? [], StringComparer.Ordinal);
        foreach (var tag in tags?.Distinct(StringComparer.Ordinal) ?? [])
        {
            await using var byTag = Command(connection, PageTag, tenantId, after, limit);
            byTag.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tag });
            await using var reader = await byTag.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                ids.Add(reader.GetString(0));
        }
        if (ids.Count == 0)
            return [];
        await using var entries = Command(connection, PageIds, tenantId, after, limit);
        entries.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids.ToArray() });
        return await ReadAsync(entries, tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _upserts.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string tenantId, string after, int limit)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        // Ids compare byte-wise (the columns are COLLATE "C"), as in SQLite.
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return command;
    }

    private static void Arrays(NpgsqlBatchCommand command, params string?[][] arrays)
    {
        foreach (var a in arrays) command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = a });
    }

    private static async Task<IReadOnlyList<CustomerDirectoryEntry>> ReadAsync(NpgsqlCommand command, string tenantId, CancellationToken cancellationToken)
    {
        var entries = new List<CustomerDirectoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new CustomerDirectoryEntry(tenantId, reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetInt32(6), reader.GetDecimal(7),
                reader.IsDBNull(8) ? null : PgTime.Join(reader.GetFieldValue<DateTime>(8), 0),
                Removed: false));
        return entries;
    }
}
