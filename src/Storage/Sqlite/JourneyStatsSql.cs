namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The journey stats schema in <c>journeystats.db</c>. Counters are a rowid table, so rowid order is the order each
/// counter was first counted; the per-customer sequences are a WITHOUT ROWID table keyed by (tenant, journey, customer).
/// </summary>
internal static class JourneyStatsSql
{
    public const int SchemaVersion = 1;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS journey_stats (
            tenant_id TEXT NOT NULL,
            journey_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            reason TEXT NOT NULL,
            amount INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_journey_stats ON journey_stats (tenant_id, journey_id, version, step_id, kind, reason);
        CREATE TABLE IF NOT EXISTS journey_stats_seq (
            tenant_id TEXT NOT NULL,
            journey_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, journey_id, customer_id)) WITHOUT ROWID;
        """;

    public const string SelectSeq = "SELECT seq FROM journey_stats_seq WHERE tenant_id = $tenant AND journey_id = $journey AND customer_id = $customer;";

    public const string UpsertSeq = """
        INSERT INTO journey_stats_seq (tenant_id, journey_id, customer_id, seq) VALUES ($tenant, $journey, $customer, $seq)
        ON CONFLICT (tenant_id, journey_id, customer_id) DO UPDATE SET seq = excluded.seq;
        """;

    public const string AddCounter = """
        INSERT INTO journey_stats (tenant_id, journey_id, version, step_id, kind, reason, amount, updated_at)
        VALUES ($tenant, $journey, $version, $step, $kind, $reason, $amount, $at)
        ON CONFLICT (tenant_id, journey_id, version, step_id, kind, reason) DO UPDATE
            SET amount = amount + excluded.amount, updated_at = excluded.updated_at;
        """;

    public const string Read = """
        SELECT version, step_id, kind, reason, amount, updated_at FROM journey_stats
        WHERE tenant_id = $tenant AND journey_id = $journey ORDER BY version, rowid;
        """;
}
