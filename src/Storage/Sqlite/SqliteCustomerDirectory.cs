using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The customer directory in the outbox's file (<c>customer_directory</c>, tags indexed in <c>customer_tag</c>),
/// written on the outbox's writer. Only customers not removed have tag rows, so a tag page never skips removed ones.
/// </summary>
public sealed class SqliteCustomerDirectory(SqliteOutbox outbox) : ICustomerDirectory
{
    private const string Upsert = """
        INSERT INTO customer_directory (tenant_id, customer_id, owner_persona_id, owner_agent_id, name, time_zone, tags,
            purchase_count, purchase_total_e4, last_purchase_at, removed)
        VALUES ($tenant, $customer, $persona, $agent, $name, $zone, $tags, $count, $total, $last, $removed)
        ON CONFLICT (tenant_id, customer_id) DO UPDATE SET owner_persona_id = excluded.owner_persona_id,
            owner_agent_id = excluded.owner_agent_id, name = excluded.name, time_zone = excluded.time_zone, tags = excluded.tags,
            purchase_count = excluded.purchase_count, purchase_total_e4 = excluded.purchase_total_e4,
            last_purchase_at = excluded.last_purchase_at, removed = excluded.removed;
        """;

    private const string ClearTags = "DELETE FROM customer_tag WHERE tenant_id = $tenant AND customer_id = $customer;";
    private const string AddTag = "INSERT INTO customer_tag (tenant_id, tag, customer_id) VALUES ($tenant, $tag, $customer) ON CONFLICT DO NOTHING;";

    private const string Columns = """
        customer_id, owner_persona_id, owner_agent_id, name, time_zone, tags, purchase_count, purchase_total_e4, last_purchase_at
        """;

    private const string PageAll = $"""
        SELECT {Columns} FROM customer_directory
        WHERE tenant_id = $tenant AND customer_id > $after AND removed = 0 ORDER BY customer_id LIMIT $limit;
        """;

    private const string PageIds = $"""
        SELECT {Columns} FROM customer_directory
        WHERE tenant_id = $tenant AND customer_id IN (SELECT value FROM json_each($ids)) AND customer_id > $after AND removed = 0
        ORDER BY customer_id LIMIT $limit;
        """;

    private const string PageTag = """
        SELECT customer_id FROM customer_tag WHERE tenant_id = $tenant AND tag = $tag AND customer_id > $after
        ORDER BY customer_id LIMIT $limit;
        """;

    public Task UpsertAsync(IReadOnlyList<CustomerDirectoryEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(entries));
            ArgumentException.ThrowIfNullOrEmpty(e.TenantId, nameof(entries));
            ArgumentException.ThrowIfNullOrEmpty(e.CustomerId, nameof(entries));
        }
        if (entries.Count == 0)
            return Task.CompletedTask;
        return outbox.WriteAsync(entries.Count, w =>
        {
            var upsert = w.Prepared(Upsert, "$tenant", "$customer", "$persona", "$agent", "$name", "$zone", "$tags", "$count", "$total", "$last", "$removed");
            var clear = w.Prepared(ClearTags, "$tenant", "$customer");
            var add = w.Prepared(AddTag, "$tenant", "$tag", "$customer");
            foreach (var e in entries)
            {
                var tags = e.Tags ?? [];
                var p = upsert.Parameters;
                p[0].Value = e.TenantId;
                p[1].Value = e.CustomerId;
                p[2].Value = (object?)e.OwnerPersonaId ?? DBNull.Value;
                p[3].Value = (object?)e.OwnerAgentId ?? DBNull.Value;
                p[4].Value = (object?)e.Name ?? DBNull.Value;
                p[5].Value = (object?)e.TimeZone ?? DBNull.Value;
                p[6].Value = JsonSerializer.Serialize(tags);
                p[7].Value = e.PurchaseCount;
                p[8].Value = SqliteCampaignStore.ToE4(e.PurchaseTotal);
                p[9].Value = e.LastPurchaseAt is { } last ? last.UtcTicks : DBNull.Value;
                p[10].Value = e.Removed ? 1 : 0;
                upsert.ExecuteNonQuery();
                clear.Parameters[0].Value = e.TenantId;
                clear.Parameters[1].Value = e.CustomerId;
                clear.ExecuteNonQuery();
                if (e.Removed)
                    continue;
                add.Parameters[0].Value = e.TenantId;
                add.Parameters[2].Value = e.CustomerId;
                foreach (var tag in tags)
                {
                    add.Parameters[1].Value = tag;
                    add.ExecuteNonQuery();
                }
            }
            return entries.Count;
        }, _ => false, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerDirectoryEntry>> PageAsync(string tenantId, IReadOnlyList<string>? customerIds, IReadOnlyList<string>? tags, bool all,
        string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (limit <= 0)
            return [];
        after ??= "";
        await using var connection = await outbox.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        if (all)
        {
            await using var page = Command(connection, transaction, PageAll, tenantId, after, limit);
            return await ReadAsync(page, tenantId, cancellationToken).ConfigureAwait(false);
        }

        // The listed ids and each tag's ids after the cursor, merged: the first `limit` of their union is the page.
        var ids = new SortedSet<string>(customerIds?.Where(id => string.CompareOrdinal(id, after) > 0) ?? [], StringComparer.Ordinal);
        foreach (var tag in tags?.Distinct(StringComparer.Ordinal) ?? [])
        {
            await using var byTag = Command(connection, transaction, PageTag, tenantId, after, limit);
            byTag.Parameters.AddWithValue("$tag", tag);
            await using var reader = await byTag.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                ids.Add(reader.GetString(0));
        }
        if (ids.Count == 0)
            return [];
        // Listed ids may be removed or unknown; reading them all (ordered, limited) keeps the page full regardless.
        await using var entries = Command(connection, transaction, PageIds, tenantId, after, limit);
        entries.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        return await ReadAsync(entries, tenantId, cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string tenantId, string after, int limit)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        return command;
    }

    private static async Task<IReadOnlyList<CustomerDirectoryEntry>> ReadAsync(SqliteCommand command, string tenantId, CancellationToken cancellationToken)
    {
        var entries = new List<CustomerDirectoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new CustomerDirectoryEntry(tenantId, reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                JsonSerializer.Deserialize<string[]>(reader.GetString(5)) ?? [],
                reader.GetInt32(6), reader.GetInt64(7) / 10_000m,
                reader.IsDBNull(8) ? null : new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero),
                Removed: false));
        return entries;
    }
}
