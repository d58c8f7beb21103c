using PrivateDomain.Contracts;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>The event log's statements (schema: deploy/postgres/100_engine_eventlog.sql).</summary>
internal static class PgEventSql
{
    /// <summary>The NOTIFY channel; the payload is the committed head.</summary>
    public const string Channel = "pd_events";

    /// <summary>
    /// Transaction-scoped advisory lock that serialises every writer of the log, in any process: held from
    /// reading the head until COMMIT, so sequences are assigned and become visible in the same order.
    /// The value spells "pdevents"; advisory locks are per database.
    /// </summary>
    public const long WriterLockKey = 0x70646576656E7473;

    public const string Lock = "SELECT pg_advisory_xact_lock($1)";

    // A statement of its own, after the lock: under READ COMMITTED its snapshot is taken once the lock is
    // held, so it sees the previous holder's commit (which is visible before that lock is released).
    public const string Head = "SELECT COALESCE(MAX(seq), 0) FROM pd_events";

    public const string Savepoint = "SAVEPOINT plan";

    public const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT plan";

    /// <summary>All rows of a group commit in one statement; only the (tenant, event id) key may skip silently.</summary>
    public const string Insert = """
        INSERT INTO pd_events (seq, tenant_id, event_id, type, customer_id, group_id, persona_id, occurred_at, occurred_at_ticks, data_json, body_hash)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::smallint[], $10::text[], $11::bytea[])
        ON CONFLICT (tenant_id, event_id) DO NOTHING
        """;

    public const string Lookup = """
        SELECT e.tenant_id, e.event_id, e.seq, e.body_hash
        FROM unnest($1::text[], $2::text[]) AS k (tenant_id, event_id)
        JOIN pd_events e ON e.tenant_id = k.tenant_id AND e.event_id = k.event_id
        """;

    public const string Notify = $"SELECT pg_notify('{Channel}', $1)";

    private const string Columns = "seq, tenant_id, event_id, type, customer_id, group_id, persona_id, occurred_at, occurred_at_ticks, data_json";

    public const string ReadAll = $"SELECT {Columns} FROM pd_events WHERE seq > $1 ORDER BY seq LIMIT $2";

    public const string ReadCheckpoint = "SELECT seq FROM pd_checkpoints WHERE consumer_id = $1";

    public const string WriteCheckpoint = """
        INSERT INTO pd_checkpoints (consumer_id, seq) VALUES ($1, $2)
        ON CONFLICT (consumer_id) DO UPDATE SET seq = EXCLUDED.seq
        """;

    /// <summary>The read of one stream; the column comes from a fixed set, never from input.</summary>
    public static string ReadStream(StreamKind kind) => kind switch
    {
        StreamKind.Customer => ReadCustomer,
        StreamKind.Group => ReadGroup,
        StreamKind.Persona => ReadPersona,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stream kind."),
    };

    /// <summary>
    /// Distinct entity ids of one kind, walking the stream index in its own (the database's) collation order, which is
    /// all a cursor needs; a COLLATE clause here would forgo the index and sort every page.
    /// </summary>
    public static string ListEntities(StreamKind kind)
    {
        var column = kind switch
        {
            StreamKind.Customer => "customer_id",
            StreamKind.Group => "group_id",
            StreamKind.Persona => "persona_id",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stream kind."),
        };
        return $"SELECT DISTINCT {column} FROM pd_events WHERE tenant_id = $1 AND {column} IS NOT NULL AND {column} > $2 ORDER BY {column} LIMIT $3";
    }

    private const string ReadCustomer = $"SELECT {Columns} FROM pd_events WHERE tenant_id = $1 AND customer_id = $2 AND seq > $3 ORDER BY seq LIMIT $4";
    private const string ReadGroup = $"SELECT {Columns} FROM pd_events WHERE tenant_id = $1 AND group_id = $2 AND seq > $3 ORDER BY seq LIMIT $4";
    private const string ReadPersona = $"SELECT {Columns} FROM pd_events WHERE tenant_id = $1 AND persona_id = $2 AND seq > $3 ORDER BY seq LIMIT $4";
}
