namespace PrivateDomain.Storage.Sqlite;

/// <summary>The outbox schema and statements. Times are UTC ticks.</summary>
internal static class OutboxSql
{
    public const int SchemaVersion = 1;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS outbox (
            tenant_id TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            persona_id TEXT NOT NULL,
            customer_id TEXT NULL,
            group_id TEXT NULL,
            agent_id TEXT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            sent_at INTEGER NULL,
            PRIMARY KEY (tenant_id, delivery_id));
        CREATE INDEX IF NOT EXISTS ix_outbox_status ON outbox (status, created_at);
        CREATE INDEX IF NOT EXISTS ix_outbox_customer ON outbox (tenant_id, customer_id, created_at);
        CREATE INDEX IF NOT EXISTS ix_outbox_group ON outbox (tenant_id, group_id, created_at);
        """;

    private const string Columns =
        "tenant_id, delivery_id, channel, persona_id, customer_id, group_id, agent_id, kind, text, created_at, status, sent_at";

    public const string Insert = $"""
        INSERT INTO outbox ({Columns})
        VALUES ($tenant, $delivery, $channel, $persona, $customer, $group, $agent, $kind, $text, $created, $status, $sent)
        ON CONFLICT (tenant_id, delivery_id) DO NOTHING;
        """;

    public const string Select = $"SELECT {Columns} FROM outbox WHERE tenant_id = $tenant AND delivery_id = $delivery;";

    /// <summary>A tenant's messages, newest first; filters are added only when given so the indexes apply.</summary>
    public static string Query(bool byCustomer, bool byGroup) => $"""
        SELECT {Columns} FROM outbox
        WHERE tenant_id = $tenant{(byCustomer ? " AND customer_id = $customer" : "")}{(byGroup ? " AND group_id = $group" : "")}
        ORDER BY created_at DESC, rowid DESC
        LIMIT $limit;
        """;

    public const string Pending = $"SELECT {Columns} FROM outbox WHERE status = 'pending' ORDER BY created_at, rowid LIMIT $limit;";

    public const string AnyPending = "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending');";

    public const string Mark = """
        UPDATE outbox SET status = $status, sent_at = CASE WHEN $status = 'sent' THEN $at ELSE sent_at END
        WHERE tenant_id = $tenant AND delivery_id = $delivery;
        """;
}
