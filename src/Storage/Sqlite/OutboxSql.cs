namespace PrivateDomain.Storage.Sqlite;

/// <summary>The outbox schema and statements. Times are UTC ticks.</summary>
internal static class OutboxSql
{
    /// <summary>
    /// 1: the table; 2: retry state and the webhook target (added to version-1 files in place); 3: the campaign
    /// columns and tables (<see cref="CampaignSql.Schema"/>); 4: the due indexes (<see cref="DueSchema"/>).
    /// </summary>
    public const int SchemaVersion = 4;

    /// <summary>The statements that bring a file at <paramref name="current"/> up to <see cref="SchemaVersion"/>.</summary>
    public static string SchemaFrom(int current) => current switch
    {
        < 2 => Schema + CampaignSql.Schema + DueSchema,
        < 3 => CampaignSql.Schema + DueSchema,
        _ => DueSchema,
    };

    /// <summary>
    /// The lane's two ways to its due messages, each an index seek: messages never tried (due at once, oldest first),
    /// and messages with a next attempt (a retry, or a deferral to their persona's next token) by that time. Before
    /// version 4, every look filtered all the channel's pending messages, so a backlog deferred into the future (a
    /// campaign to one persona, paced at its rate) was stepped over, row by row, on every enqueue.
    /// </summary>
    public const string DueSchema = """
        CREATE INDEX IF NOT EXISTS ix_outbox_new ON outbox (channel, created_at) WHERE status = 'pending' AND next_attempt_at IS NULL;
        CREATE INDEX IF NOT EXISTS ix_outbox_next_attempt ON outbox (channel, next_attempt_at) WHERE status = 'pending' AND next_attempt_at IS NOT NULL;
        """;


    // Applied to files below version 2: the table is created in its version-1 shape, then every later column is
    // added, so a new file and an upgraded one end up the same. Version 3 follows (SchemaFrom).
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
        ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NULL;
        ALTER TABLE outbox ADD COLUMN last_error TEXT NULL;
        ALTER TABLE outbox ADD COLUMN target TEXT NULL;
        ALTER TABLE outbox ADD COLUMN secret_name TEXT NULL;
        CREATE INDEX IF NOT EXISTS ix_outbox_pending_channel ON outbox (channel, created_at) WHERE status = 'pending';
        """;

    private const string Columns =
        "tenant_id, delivery_id, channel, persona_id, customer_id, group_id, agent_id, kind, text, created_at, status, sent_at, " +
        "attempts, next_attempt_at, last_error, target, secret_name";

    public const string Insert = $"""
        INSERT INTO outbox ({Columns})
        VALUES ($tenant, $delivery, $channel, $persona, $customer, $group, $agent, $kind, $text, $created, $status, $sent,
                $attempts, $next, $error, $target, $secret)
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

    /// <summary>
    /// Due messages oldest first: the oldest never tried and the earliest due of the others (each a seek, at most
    /// <c>$limit</c> each), merged by creation.
    /// </summary>
    public const string Due = $"""
        SELECT {Columns} FROM (
            SELECT * FROM (SELECT {Columns}, rowid AS r FROM outbox
                WHERE status = 'pending' AND channel = $channel AND next_attempt_at IS NULL ORDER BY created_at, rowid LIMIT $limit)
            UNION ALL
            SELECT * FROM (SELECT {Columns}, rowid AS r FROM outbox
                WHERE status = 'pending' AND channel = $channel AND next_attempt_at <= $now ORDER BY next_attempt_at, rowid LIMIT $limit))
        ORDER BY created_at, r
        LIMIT $limit;
        """;

    /// <summary>When the channel's next pending message is due: 0 when one was never tried (due at once), null when none is pending.</summary>
    public const string NextDue = """
        SELECT CASE WHEN EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND channel = $channel AND next_attempt_at IS NULL) THEN 0
            ELSE (SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND channel = $channel AND next_attempt_at IS NOT NULL) END;
        """;


    public const string PendingChannels = "SELECT DISTINCT channel FROM outbox WHERE status = 'pending' ORDER BY channel;";

    public const string Mark = """
        UPDATE outbox SET status = $status, sent_at = CASE WHEN $status = 'sent' THEN $at ELSE sent_at END
        WHERE tenant_id = $tenant AND delivery_id = $delivery;
        """;

    public const string Retry = """
        UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $error
        WHERE tenant_id = $tenant AND delivery_id = $delivery AND status = 'pending';
        """;

    public const string Defer = """
        UPDATE outbox SET next_attempt_at = $next
        WHERE tenant_id = $tenant AND delivery_id = $delivery AND status = 'pending';
        """;

    public const string Complete = """
        UPDATE outbox SET status = $status, attempts = $attempts, last_error = $error, next_attempt_at = NULL,
            sent_at = CASE WHEN $status = 'sent' THEN $at ELSE sent_at END
        WHERE tenant_id = $tenant AND delivery_id = $delivery AND status = 'pending';
        """;
}
