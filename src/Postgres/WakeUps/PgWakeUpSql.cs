namespace PrivateDomain.Postgres.WakeUps;

/// <summary>The wake-up index's statements (schema: deploy/postgres/120_wakeups.sql). Batches travel as arrays.</summary>
internal static class PgWakeUpSql
{
    /// <summary>A new due time drops any lease (the entry is a new wait); the same due time changes nothing.</summary>
    public const string Upsert = """
        INSERT INTO pd_wakeups AS w (tenant_id, kind, entity_id, key, due_at, due_at_ticks, ready_at, version)
        SELECT t, k, e, y, d, dt, r, nextval('pd_wakeups_version')
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::smallint[], $7::timestamptz[]) AS u(t, k, e, y, d, dt, r)
        ON CONFLICT (tenant_id, kind, entity_id, key) DO UPDATE
            SET due_at = EXCLUDED.due_at, due_at_ticks = EXCLUDED.due_at_ticks, ready_at = EXCLUDED.ready_at, version = EXCLUDED.version
            WHERE w.due_at <> EXCLUDED.due_at OR w.due_at_ticks <> EXCLUDED.due_at_ticks
        """;

    public const string Cancel = """
        DELETE FROM pd_wakeups w
        USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS c(t, k, e, y)
        WHERE w.tenant_id = c.t AND w.kind = c.k AND w.entity_id = c.e AND w.key = c.y
        """;

    /// <summary>
    /// Locks the earliest ready rows, skipping rows another claimer has locked, and leases them with a new
    /// version in the same statement: two claimers never take one row, and a crashed claimer's rows come
    /// back when their lease (ready_at) passes.
    /// </summary>
    public const string Take = """
        WITH due AS (
            SELECT tenant_id, kind, entity_id, key FROM pd_wakeups
            WHERE ready_at <= $1
            ORDER BY ready_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        UPDATE pd_wakeups w SET ready_at = $3, version = nextval('pd_wakeups_version')
        FROM due
        WHERE w.tenant_id = due.tenant_id AND w.kind = due.kind AND w.entity_id = due.entity_id AND w.key = due.key
        RETURNING w.tenant_id, w.kind, w.entity_id, w.key, w.due_at, w.due_at_ticks, w.version
        """;

    public const string Complete = """
        DELETE FROM pd_wakeups w
        USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS c(t, k, e, y, v)
        WHERE w.tenant_id = c.t AND w.kind = c.k AND w.entity_id = c.e AND w.key = c.y AND w.version = c.v
        """;

    public const string NextReady = "SELECT min(ready_at) FROM pd_wakeups";
}
