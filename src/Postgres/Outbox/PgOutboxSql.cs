namespace PrivateDomain.Postgres.Outbox;

/// <summary>The outbox's statements (schema: deploy/postgres/110_engine_outbox.sql).</summary>
internal static class PgOutboxSql
{
    /// <summary>NOTIFYed by a trigger whenever a statement leaves a message pending.</summary>
    public const string Channel = "pd_outbox";

    private const string Columns =
        "tenant_id, delivery_id, channel, persona_id, customer_id, group_id, agent_id, kind, text, created_at, created_at_ticks, status, sent_at, sent_at_ticks, " +
        "attempts, next_attempt_at, last_error, target, secret_name";

    /// <summary>Arrays of every column, in <see cref="Columns"/> order; rows go in the order given.</summary>
    public const string InsertMany = $"""
        INSERT INTO pd_outbox ({Columns})
        SELECT tn, d, ch, pe, cu, gr, ag, ki, tx, ca, ct, st, sa, sat, at, na, le, ta, se
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::timestamptz[], $11::smallint[], $12::text[], $13::timestamptz[], $14::smallint[], $15::int[], $16::timestamptz[],
            $17::text[], $18::text[], $19::text[]) WITH ORDINALITY AS x(tn, d, ch, pe, cu, gr, ag, ki, tx, ca, ct, st, sa, sat, at, na, le, ta, se, i)
        ORDER BY i
        ON CONFLICT (tenant_id, delivery_id) DO NOTHING
        RETURNING {Columns}
        """;

    public const string SelectMany = $"""
        SELECT {Columns} FROM pd_outbox WHERE (tenant_id, delivery_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        """;

    private const string Newest = "ORDER BY created_at DESC, created_at_ticks DESC, id DESC";

    public const string QueryTenant = $"SELECT {Columns} FROM pd_outbox WHERE tenant_id = $1 {Newest} LIMIT $2";
    public const string QueryCustomer = $"SELECT {Columns} FROM pd_outbox WHERE tenant_id = $1 AND customer_id = $3 {Newest} LIMIT $2";
    public const string QueryGroup = $"SELECT {Columns} FROM pd_outbox WHERE tenant_id = $1 AND group_id = $4 {Newest} LIMIT $2";
    public const string QueryCustomerAndGroup = $"SELECT {Columns} FROM pd_outbox WHERE tenant_id = $1 AND customer_id = $3 AND group_id = $4 {Newest} LIMIT $2";

    /// <summary>A tenant's messages, newest first; filters are added only when given so the indexes apply.</summary>
    public static string Query(bool byCustomer, bool byGroup) => (byCustomer, byGroup) switch
    {
        (false, false) => QueryTenant,
        (true, false) => QueryCustomer,
        (false, true) => QueryGroup,
        (true, true) => QueryCustomerAndGroup,
    };

    public const string Pending = $"SELECT {Columns} FROM pd_outbox WHERE status = 'pending' ORDER BY created_at, created_at_ticks, id LIMIT $1";

    public const string AnyPending = "SELECT EXISTS (SELECT 1 FROM pd_outbox WHERE status = 'pending')";

    /// <summary>
    /// Due messages oldest first: the oldest never tried and the earliest due of the others (each an index range of
    /// at most $3 rows), merged by creation.
    /// </summary>
    public const string Due = $"""
        SELECT {Columns} FROM (
            (SELECT {Columns}, id FROM pd_outbox
             WHERE status = 'pending' AND channel = $1 AND next_attempt_at IS NULL
             ORDER BY created_at, created_at_ticks, id LIMIT $3)
            UNION ALL
            (SELECT {Columns}, id FROM pd_outbox
             WHERE status = 'pending' AND channel = $1 AND next_attempt_at <= $2
             ORDER BY next_attempt_at, id LIMIT $3)) due
        ORDER BY created_at, created_at_ticks, id
        LIMIT $3
        """;

    /// <summary>Whether a never-tried message is pending, and the earliest next attempt of the channel (two index seeks).</summary>
    public const string NextDue = """
        SELECT EXISTS (SELECT 1 FROM pd_outbox WHERE status = 'pending' AND channel = $1 AND next_attempt_at IS NULL),
            (SELECT MIN(next_attempt_at) FROM pd_outbox WHERE status = 'pending' AND channel = $1 AND next_attempt_at IS NOT NULL)
        """;

    public const string PendingChannels = "SELECT DISTINCT channel FROM pd_outbox WHERE status = 'pending' ORDER BY channel";

    public const string Retry = """
        UPDATE pd_outbox SET attempts = $3, next_attempt_at = $4, last_error = $5
        WHERE tenant_id = $1 AND delivery_id = $2 AND status = 'pending'
        """;

    public const string Defer = """
        UPDATE pd_outbox o SET next_attempt_at = d.until
        FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS d(tenant_id, delivery_id, until)
        WHERE o.tenant_id = d.tenant_id AND o.delivery_id = d.delivery_id AND o.status = 'pending'
        """;

    public const string Complete = """
        UPDATE pd_outbox SET status = $3, attempts = $4, last_error = $7, next_attempt_at = NULL,
            sent_at = CASE WHEN $3 = 'sent' THEN $5 ELSE sent_at END,
            sent_at_ticks = CASE WHEN $3 = 'sent' THEN $6 ELSE sent_at_ticks END
        WHERE tenant_id = $1 AND delivery_id = $2 AND status = 'pending'
        """;

    public const string Mark = """
        UPDATE pd_outbox SET status = $3,
            sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END,
            sent_at_ticks = CASE WHEN $3 = 'sent' THEN $5 ELSE sent_at_ticks END
        WHERE tenant_id = $1 AND delivery_id = $2
        """;
}
