namespace PrivateDomain.Postgres.Campaigns;

/// <summary>The campaign store's statements (schema: deploy/postgres/140_campaigns.sql). Chunks go in as arrays (unnest).</summary>
internal static class PgCampaignSql
{
    /// <summary>Claims the chunk's new deliveries (a replay, or a concurrent placer of the same chunk, gets none back).</summary>
    public const string Claim = """
        INSERT INTO pd_campaign_delivery (tenant_id, delivery_id, campaign_id, task_id, group_id, customer_id, quota_subject, quota_period, status, recipients)
        SELECT $1, d, $2, t, g, c, s, p, 'placed', n
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[]) AS x(d, t, g, c, s, p, n)
        ON CONFLICT DO NOTHING
        RETURNING delivery_id
        """;

    public const string EnsureQuota = """
        INSERT INTO pd_campaign_quota (tenant_id, subject, period, used)
        SELECT $1, s, p, 0 FROM unnest($2::text[], $3::text[]) AS x(s, p) ORDER BY s, p
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Locks the quota rows in key order, so two placers competing for the same units serialise without deadlock.</summary>
    public const string LockQuota = """
        SELECT q.subject, q.period, q.used FROM pd_campaign_quota q
        JOIN unnest($2::text[], $3::text[]) AS x(s, p) ON q.subject = x.s AND q.period = x.p
        WHERE q.tenant_id = $1
        ORDER BY q.subject, q.period
        FOR UPDATE OF q
        """;

    public const string SetQuota = """
        UPDATE pd_campaign_quota q SET used = x.u FROM unnest($2::text[], $3::text[], $4::int[]) AS x(s, p, u)
        WHERE q.tenant_id = $1 AND q.subject = x.s AND q.period = x.p
        """;

    public const string Skip = """
        UPDATE pd_campaign_delivery SET status = 'skipped_quota', recipients = 0 WHERE tenant_id = $1 AND delivery_id = ANY($2::text[])
        """;

    public const string InsertOutbox = """
        INSERT INTO pd_outbox (tenant_id, delivery_id, channel, persona_id, customer_id, group_id, agent_id, kind, text, created_at,
            created_at_ticks, status, next_attempt_at, target, secret_name, campaign_id, task_id, recipients)
        SELECT $1, d, ch, pe, cu, gr, ag, ki, tx, ca, ct, st, na, ta, se, $2, tk, n
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[],
            $12::smallint[], $13::text[], $14::timestamptz[], $15::text[], $16::text[], $17::text[], $18::int[])
            AS x(d, ch, pe, cu, gr, ag, ki, tx, ca, ct, st, na, ta, se, tk, n)
        ON CONFLICT (tenant_id, delivery_id) DO NOTHING
        """;

    public const string AddPlaced = """
        INSERT INTO pd_campaign (tenant_id, campaign_id, placed, skipped_quota, recipients) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (tenant_id, campaign_id) DO UPDATE SET placed = pd_campaign.placed + excluded.placed,
            skipped_quota = pd_campaign.skipped_quota + excluded.skipped_quota, recipients = pd_campaign.recipients + excluded.recipients
        """;

    public const string CopyRecipients = "COPY pd_campaign_recipient (tenant_id, customer_id, delivery_id) FROM STDIN (FORMAT BINARY)";

    public const string SetWindow = """
        INSERT INTO pd_campaign (tenant_id, campaign_id, conversion_window) VALUES ($1, $2, $3)
        ON CONFLICT (tenant_id, campaign_id) DO UPDATE SET conversion_window = excluded.conversion_window
        """;

    /// <summary>$3 from, $4 to, $5 the task (null: every task).</summary>
    public const string Move = """
        UPDATE pd_outbox SET status = $4
        WHERE tenant_id = $1 AND campaign_id = $2 AND status = $3 AND ($5::text IS NULL OR task_id = $5)
        """;

    /// <summary>Cancels the unsent rows and gives each one's quota back, in one statement: a row is cancelled once.</summary>
    public const string Cancel = """
        WITH c AS (
            UPDATE pd_outbox SET status = 'cancelled', next_attempt_at = NULL
            WHERE tenant_id = $1 AND campaign_id = $2 AND status IN ('held', 'pending', 'paused') AND ($3::text IS NULL OR task_id = $3)
            RETURNING delivery_id),
        q AS (
            SELECT d.quota_subject, d.quota_period, count(*)::int AS n
            FROM c JOIN pd_campaign_delivery d ON d.tenant_id = $1 AND d.delivery_id = c.delivery_id
            GROUP BY d.quota_subject, d.quota_period),
        u AS (
            UPDATE pd_campaign_quota x SET used = GREATEST(x.used - q.n, 0) FROM q
            WHERE x.tenant_id = $1 AND x.subject = q.quota_subject AND x.period = q.quota_period)
        SELECT count(*)::int FROM c
        """;

    /// <summary>$4 the time; counts the first signal only; returns whether the recipient is known.</summary>
    public static string Signal(string column) => $"""
        WITH r AS (
            UPDATE pd_campaign_recipient SET {column}_at = $4
            WHERE tenant_id = $1 AND customer_id = $3 AND delivery_id = $2 AND {column}_at IS NULL
            RETURNING delivery_id),
        d AS (
            UPDATE pd_campaign_delivery SET {column} = {column} + 1 FROM r
            WHERE pd_campaign_delivery.tenant_id = $1 AND pd_campaign_delivery.delivery_id = r.delivery_id
            RETURNING pd_campaign_delivery.campaign_id),
        c AS (
            UPDATE pd_campaign SET {column} = {column} + 1 FROM d WHERE pd_campaign.tenant_id = $1 AND pd_campaign.campaign_id = d.campaign_id)
        SELECT EXISTS (SELECT 1 FROM pd_campaign_recipient WHERE tenant_id = $1 AND customer_id = $3 AND delivery_id = $2)
        """;

    public const string OrderCampaign = "SELECT campaign_id FROM pd_campaign_order WHERE tenant_id = $1 AND order_id = $2";

    /// <summary>
    /// $1 tenants, $2 customers, $3 orders: the (1-based) positions of the purchases that could be a campaign's — the
    /// order is attributed already, or the customer has a delivery not converted yet. The others are not, whatever
    /// <see cref="Attributable"/> would find.
    /// </summary>
    public const string MayAttribute = """
        SELECT x.i FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(tn, c, ord, i)
        WHERE EXISTS (SELECT 1 FROM pd_campaign_order o WHERE o.tenant_id = x.tn AND o.order_id = x.ord)
           OR EXISTS (SELECT 1 FROM pd_campaign_recipient r WHERE r.tenant_id = x.tn AND r.customer_id = x.c AND r.converted_at IS NULL)
        """;

    /// <summary>$1 tenant, $2 customer, $3 purchase time, $4 default window.</summary>
    public const string Attributable = """
        SELECT r.delivery_id, d.campaign_id
        FROM pd_campaign_recipient r
        JOIN pd_outbox o ON o.tenant_id = r.tenant_id AND o.delivery_id = r.delivery_id
        JOIN pd_campaign_delivery d ON d.tenant_id = r.tenant_id AND d.delivery_id = r.delivery_id
        LEFT JOIN pd_campaign c ON c.tenant_id = d.tenant_id AND c.campaign_id = d.campaign_id
        WHERE r.tenant_id = $1 AND r.customer_id = $2 AND r.converted_at IS NULL
          AND o.status = 'sent' AND o.sent_at <= $3 AND o.sent_at >= $3 - COALESCE(c.conversion_window, $4)
        ORDER BY o.sent_at DESC, o.sent_at_ticks DESC
        LIMIT 1
        FOR UPDATE OF r
        """;

    /// <summary>$1 tenant, $2 order, $3 campaign, $4 delivery, $5 customer, $6 amount, $7 time; 0 rows when the order was taken.</summary>
    public const string Convert = """
        WITH o AS (
            INSERT INTO pd_campaign_order (tenant_id, order_id, campaign_id, delivery_id, customer_id, amount, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING delivery_id),
        r AS (
            UPDATE pd_campaign_recipient SET converted_at = $7
            WHERE tenant_id = $1 AND customer_id = $5 AND delivery_id IN (SELECT delivery_id FROM o)),
        d AS (
            UPDATE pd_campaign_delivery SET converted = converted + 1, revenue = revenue + $6
            WHERE tenant_id = $1 AND delivery_id IN (SELECT delivery_id FROM o)),
        k AS (
            UPDATE pd_campaign SET converted = converted + 1, revenue = revenue + $6
            WHERE tenant_id = $1 AND campaign_id = $3 AND EXISTS (SELECT 1 FROM o))
        SELECT count(*)::int FROM o
        """;

    public const string Counters = """
        SELECT placed, skipped_quota, recipients, read, clicked, converted, revenue FROM pd_campaign WHERE tenant_id = $1 AND campaign_id = $2
        """;

    public const string StatusCounts = """
        SELECT status, count(*), COALESCE(sum(recipients), 0)::bigint FROM pd_outbox
        WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY status
        """;

    public const string GroupResults = """
        SELECT d.group_id, COALESCE(o.status, d.status), d.recipients, d.read, d.clicked, d.converted, d.revenue
        FROM pd_campaign_delivery d LEFT JOIN pd_outbox o ON o.tenant_id = d.tenant_id AND o.delivery_id = d.delivery_id
        WHERE d.tenant_id = $1 AND d.campaign_id = $2 AND d.group_id IS NOT NULL
        ORDER BY d.recipients DESC, d.group_id
        LIMIT $3
        """;

    public const string QuotaUsed = "SELECT used FROM pd_campaign_quota WHERE tenant_id = $1 AND subject = $2 AND period = $3";
}
