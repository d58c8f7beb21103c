using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>The event log's schema and statements.</summary>
internal static class EventLogSql
{
    public const int SchemaVersion = 1;

    // seq is a plain rowid that the single writer assigns (last + 1) rather than AUTOINCREMENT, which
    // burns a number on every insert that ON CONFLICT DO NOTHING skips and would leave gaps after resends.
    // Events are never deleted from the tail, so a committed sequence is never reused.
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS events (
            seq INTEGER PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            type TEXT NOT NULL,
            customer_id TEXT NULL,
            group_id TEXT NULL,
            persona_id TEXT NULL,
            occurred_at INTEGER NOT NULL,
            data_json TEXT NOT NULL,
            body_hash BLOB NOT NULL,
            UNIQUE (tenant_id, event_id));
        CREATE INDEX IF NOT EXISTS ix_events_customer ON events (tenant_id, customer_id, seq) WHERE customer_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_events_group ON events (tenant_id, group_id, seq) WHERE group_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_events_persona ON events (tenant_id, persona_id, seq) WHERE persona_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS checkpoints (
            consumer_id TEXT NOT NULL PRIMARY KEY,
            seq INTEGER NOT NULL);
        """;

    public const string Insert = """
        INSERT INTO events (seq, tenant_id, event_id, type, customer_id, group_id, persona_id, occurred_at, data_json, body_hash)
        VALUES ($seq, $tenant, $id, $type, $customer, $group, $persona, $at, $data, $hash)
        ON CONFLICT (tenant_id, event_id) DO NOTHING;
        """;

    public const string Lookup = "SELECT seq, body_hash FROM events WHERE tenant_id = $tenant AND event_id = $id;";

    public const string LastSequence = "SELECT COALESCE(MAX(seq), 0) FROM events;";

    private const string Columns = "seq, tenant_id, event_id, type, customer_id, group_id, persona_id, occurred_at, data_json";

    public const string ReadAll = $"SELECT {Columns} FROM events WHERE seq > $after ORDER BY seq LIMIT $max;";

    public const string ReadCheckpoint = "SELECT seq FROM checkpoints WHERE consumer_id = $consumer;";

    // Without an fsync of its own (synchronous NORMAL for this statement's connection): a checkpoint that rolls
    // back on power loss only replays events the grains skip, and the log's writer does not wait on its flush.
    public const string WriteCheckpoint = """
        PRAGMA synchronous = NORMAL;
        INSERT INTO checkpoints (consumer_id, seq) VALUES ($consumer, $seq)
        ON CONFLICT (consumer_id) DO UPDATE SET seq = excluded.seq;
        """;

    /// <summary>The read of one stream; the column comes from a fixed set, never from input.</summary>
    public static string ReadStream(StreamKind kind) => ReadStreamSql(Column(kind));

    /// <summary>Distinct entity ids of one kind, from the stream index; the column comes from a fixed set, never from input.</summary>
    public static string ListEntities(StreamKind kind)
    {
        var column = Column(kind);
        return $"SELECT DISTINCT {column} FROM events WHERE tenant_id = $tenant AND {column} IS NOT NULL AND {column} > $after ORDER BY {column} LIMIT $max;";
    }

    /// <summary>The events column that names an entity of <paramref name="kind"/>.</summary>
    private static string Column(StreamKind kind) => kind switch
    {
        StreamKind.Customer => "customer_id",
        StreamKind.Group => "group_id",
        StreamKind.Persona => "persona_id",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stream kind."),
    };

    private static string ReadStreamSql(string column) =>
        $"SELECT {Columns} FROM events WHERE tenant_id = $tenant AND {column} = $entity AND seq > $after ORDER BY seq LIMIT $max;";
}
