namespace PrivateDomain.Postgres.JourneyStats;

/// <summary>The journey stats statements (deploy/postgres/130_journey_stats.sql). Keys travel as parallel arrays.</summary>
internal static class PgJourneyStatsSql
{
    private const string Keys = "unnest($1::text[], $2::text[], $3::text[]) AS k(tenant_id, journey_id, customer_id)";

    /// <summary>
    /// Creates the missing sequence rows at 0 (in key order); a row another transaction is creating is waited for.
    /// Afterwards every key has a row, so <see cref="Lock"/> sees and locks them all.
    /// </summary>
    public const string Create = $"""
        INSERT INTO pd_journey_stats_seq (tenant_id, journey_id, customer_id, seq)
        SELECT tenant_id, journey_id, customer_id, 0 FROM {Keys}
        ON CONFLICT (tenant_id, journey_id, customer_id) DO NOTHING;
        """;

    public const string Lock = $"""
        SELECT s.tenant_id, s.journey_id, s.customer_id, s.seq FROM pd_journey_stats_seq s
        JOIN {Keys} USING (tenant_id, journey_id, customer_id)
        ORDER BY s.tenant_id, s.journey_id, s.customer_id
        FOR UPDATE OF s;
        """;

    public const string SetSequences = """
        UPDATE pd_journey_stats_seq s SET seq = k.seq
        FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS k(tenant_id, journey_id, customer_id, seq)
        WHERE s.tenant_id = k.tenant_id AND s.journey_id = k.journey_id AND s.customer_id = k.customer_id;
        """;

    /// <summary>WITH ORDINALITY keeps the batch's first-counted order for new rows' identities.</summary>
    public const string AddCounters = """
        INSERT INTO pd_journey_stats (tenant_id, journey_id, version, step_id, kind, reason, amount, updated_at)
        SELECT c.tenant_id, c.journey_id, c.version, c.step_id, c.kind, c.reason, c.amount, $8
        FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::smallint[], $6::text[], $7::bigint[])
            WITH ORDINALITY AS c(tenant_id, journey_id, version, step_id, kind, reason, amount, n)
        ORDER BY c.n
        ON CONFLICT (tenant_id, journey_id, version, step_id, kind, reason) DO UPDATE
            SET amount = pd_journey_stats.amount + excluded.amount, updated_at = excluded.updated_at;
        """;

    public const string Read = """
        SELECT version, step_id, kind, reason, amount, updated_at FROM pd_journey_stats
        WHERE tenant_id = $1 AND journey_id = $2 ORDER BY version, ord;
        """;
}
