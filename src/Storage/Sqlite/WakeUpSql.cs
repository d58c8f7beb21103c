namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The wake-up index schema and statements. Times are UTC ticks. <c>ready_at</c> is when a row can next be
/// taken: its due time, or the end of its claim's lease, so one index serves due scans, lease expiry and
/// <c>NextDueAsync</c>. WITHOUT ROWID keeps a row to its key, due, ready and version (no second b-tree for the key).
/// </summary>
internal static class WakeUpSql
{
    public const int SchemaVersion = 1;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS wakeups (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            key TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            ready_at INTEGER NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, kind, entity_id, key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_wakeups_ready ON wakeups (ready_at);
        """;

    private const string Key = "tenant_id = $tenant AND kind = $kind AND entity_id = $entity AND key = $key";

    /// <summary>A new due time drops any lease (the entry is a new wait); the same due time changes nothing.</summary>
    public const string Upsert = """
        INSERT INTO wakeups (tenant_id, kind, entity_id, key, due_at, ready_at, version)
        VALUES ($tenant, $kind, $entity, $key, $due, $due, $version)
        ON CONFLICT (tenant_id, kind, entity_id, key) DO UPDATE
            SET due_at = excluded.due_at, ready_at = excluded.ready_at, version = excluded.version
            WHERE due_at <> excluded.due_at;
        """;

    public const string Cancel = $"DELETE FROM wakeups WHERE {Key};";

    public const string Due = "SELECT tenant_id, kind, entity_id, key, due_at FROM wakeups WHERE ready_at <= $now ORDER BY ready_at LIMIT $limit;";

    public const string Claim = $"UPDATE wakeups SET ready_at = $until, version = $version WHERE {Key};";

    public const string Complete = $"DELETE FROM wakeups WHERE {Key} AND version = $version;";

    public const string NextReady = "SELECT MIN(ready_at) FROM wakeups;";

    /// <summary>
    /// The writer's page cache: 64 MiB (SQLite's default is 2 MiB). Due times are random, so inserts into the due
    /// index touch pages all over a file of ~140 bytes per entry; with the default cache a million waits spill
    /// and re-read pages on every commit. 64 MiB is ~70 bytes per waiting customer at a million. Checkpoints every
    /// 64 MiB of WAL (not 4 MiB) write each hot index page back once instead of many times (measured: 32k → 54k schedules/s).
    /// </summary>
    public const string WriterCache = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;";

    public const string MaxVersion = "SELECT COALESCE(MAX(version), 0) FROM wakeups;";
}
