namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// Campaign deliveries and the customer directory, in the outbox's file (schema version 3 of <see cref="OutboxSql"/>).
/// A campaign's outbox rows carry its id, task and recipient count; triggers on the outbox keep per-status counts in
/// <c>campaign_status</c> whoever moves a row (sender, release, cancel), and <c>campaign</c> keeps the running counts (placed, skipped, recipients, read, clicked, converted, revenue) so the
/// rest of a progress read is one row. Times are UTC ticks; money is kept in ten-thousandths (<c>_e4</c>).
/// </summary>
internal static class CampaignSql
{
    public const string Schema = """
        ALTER TABLE outbox ADD COLUMN campaign_id TEXT NULL;
        ALTER TABLE outbox ADD COLUMN task_id TEXT NULL;
        ALTER TABLE outbox ADD COLUMN recipients INTEGER NULL;
        CREATE INDEX IF NOT EXISTS ix_outbox_campaign ON outbox (tenant_id, campaign_id, status, task_id)
            WHERE campaign_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS campaign_status (
            tenant_id TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            status TEXT NOT NULL,
            deliveries INTEGER NOT NULL,
            recipients INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, campaign_id, status)) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS tr_outbox_campaign_inserted AFTER INSERT ON outbox WHEN NEW.campaign_id IS NOT NULL
        BEGIN
            INSERT INTO campaign_status (tenant_id, campaign_id, status, deliveries, recipients)
            VALUES (NEW.tenant_id, NEW.campaign_id, NEW.status, 1, COALESCE(NEW.recipients, 0))
            ON CONFLICT (tenant_id, campaign_id, status) DO UPDATE
                SET deliveries = deliveries + 1, recipients = recipients + excluded.recipients;
        END;
        CREATE TRIGGER IF NOT EXISTS tr_outbox_campaign_moved AFTER UPDATE OF status ON outbox
            WHEN NEW.campaign_id IS NOT NULL AND OLD.status IS NOT NEW.status
        BEGIN
            UPDATE campaign_status SET deliveries = deliveries - 1, recipients = recipients - COALESCE(OLD.recipients, 0)
            WHERE tenant_id = OLD.tenant_id AND campaign_id = OLD.campaign_id AND status = OLD.status;
            INSERT INTO campaign_status (tenant_id, campaign_id, status, deliveries, recipients)
            VALUES (NEW.tenant_id, NEW.campaign_id, NEW.status, 1, COALESCE(NEW.recipients, 0))
            ON CONFLICT (tenant_id, campaign_id, status) DO UPDATE
                SET deliveries = deliveries + 1, recipients = recipients + excluded.recipients;
        END;
        CREATE TABLE IF NOT EXISTS campaign (
            tenant_id TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            conversion_window INTEGER NULL,
            placed INTEGER NOT NULL DEFAULT 0,
            skipped_quota INTEGER NOT NULL DEFAULT 0,
            recipients INTEGER NOT NULL DEFAULT 0,
            read INTEGER NOT NULL DEFAULT 0,
            clicked INTEGER NOT NULL DEFAULT 0,
            converted INTEGER NOT NULL DEFAULT 0,
            revenue_e4 INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, campaign_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS campaign_delivery (
            tenant_id TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            task_id TEXT NULL,
            group_id TEXT NULL,
            customer_id TEXT NULL,
            quota_subject TEXT NOT NULL,
            quota_period TEXT NOT NULL,
            status TEXT NOT NULL,
            recipients INTEGER NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            clicked INTEGER NOT NULL DEFAULT 0,
            converted INTEGER NOT NULL DEFAULT 0,
            revenue_e4 INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, delivery_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_campaign_delivery_group ON campaign_delivery (tenant_id, campaign_id, recipients)
            WHERE group_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS campaign_recipient (
            tenant_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            read_at INTEGER NULL,
            clicked_at INTEGER NULL,
            converted_at INTEGER NULL,
            PRIMARY KEY (tenant_id, customer_id, delivery_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS campaign_quota (
            tenant_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            period TEXT NOT NULL,
            used INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, subject, period)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS campaign_order (
            tenant_id TEXT NOT NULL,
            order_id TEXT NOT NULL,
            campaign_id TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            amount_e4 INTEGER NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, order_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS customer_directory (
            tenant_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            owner_persona_id TEXT NULL,
            owner_agent_id TEXT NULL,
            name TEXT NULL,
            time_zone TEXT NULL,
            tags TEXT NOT NULL,
            purchase_count INTEGER NOT NULL,
            purchase_total_e4 INTEGER NOT NULL,
            last_purchase_at INTEGER NULL,
            removed INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, customer_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS customer_tag (
            tenant_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, tag, customer_id)) WITHOUT ROWID;
        """;

    public const string DeliveryExists = "SELECT 1 FROM campaign_delivery WHERE tenant_id = $tenant AND delivery_id = $delivery;";

    /// <summary>Takes one unit of quota; changes nothing (0 rows) when the subject is at its limit.</summary>
    public const string Reserve = """
        INSERT INTO campaign_quota (tenant_id, subject, period, used) VALUES ($tenant, $subject, $period, 1)
        ON CONFLICT (tenant_id, subject, period) DO UPDATE SET used = used + 1 WHERE used < $limit;
        """;

    public const string InsertOutbox = """
        INSERT INTO outbox (tenant_id, delivery_id, channel, persona_id, customer_id, group_id, agent_id, kind, text, created_at,
            status, sent_at, attempts, next_attempt_at, last_error, target, secret_name, campaign_id, task_id, recipients)
        VALUES ($tenant, $delivery, $channel, $persona, $customer, $group, $agent, $kind, $text, $created,
            $status, NULL, 0, $next, NULL, $target, $secret, $campaign, $task, $recipients)
        ON CONFLICT (tenant_id, delivery_id) DO NOTHING;
        """;

    public static readonly string[] InsertOutboxNames =
    [
        "$tenant", "$delivery", "$channel", "$persona", "$customer", "$group", "$agent", "$kind", "$text", "$created",
        "$status", "$next", "$target", "$secret", "$campaign", "$task", "$recipients",
    ];

    /// <summary>All of a delivery's recipients in one statement (a JSON array of customer ids; a duplicate counts once).</summary>
    public const string InsertRecipients = """
        INSERT INTO campaign_recipient (tenant_id, customer_id, delivery_id) SELECT $tenant, value, $delivery FROM json_each($customers)
        WHERE true ON CONFLICT DO NOTHING;
        """;

    public const string InsertDelivery = """
        INSERT INTO campaign_delivery (tenant_id, delivery_id, campaign_id, task_id, group_id, customer_id, quota_subject, quota_period, status, recipients)
        VALUES ($tenant, $delivery, $campaign, $task, $group, $customer, $subject, $period, $status, $recipients);
        """;

    public const string EnsureCampaign = """
        INSERT INTO campaign (tenant_id, campaign_id) VALUES ($tenant, $campaign) ON CONFLICT DO NOTHING;
        """;

    public const string AddPlaced = """
        UPDATE campaign SET placed = placed + $placed, skipped_quota = skipped_quota + $skipped, recipients = recipients + $recipients
        WHERE tenant_id = $tenant AND campaign_id = $campaign;
        """;

    public const string SetWindow = """
        INSERT INTO campaign (tenant_id, campaign_id, conversion_window) VALUES ($tenant, $campaign, $window)
        ON CONFLICT (tenant_id, campaign_id) DO UPDATE SET conversion_window = excluded.conversion_window;
        """;

    /// <summary>Moves the campaign's rows in one state (of one task, when given) to another.</summary>
    public static string Move(bool byTask) => $"""
        UPDATE outbox SET status = $to
        WHERE tenant_id = $tenant AND campaign_id = $campaign AND status = $from{(byTask ? " AND task_id = $task" : "")};
        """;

    /// <summary>The quota each unsent delivery (of one task, when given) holds, grouped, before they are cancelled.</summary>
    public static string Unsent(bool byTask) => $"""
        SELECT d.quota_subject, d.quota_period, COUNT(*)
        FROM outbox o JOIN campaign_delivery d ON d.tenant_id = o.tenant_id AND d.delivery_id = o.delivery_id
        WHERE o.tenant_id = $tenant AND o.campaign_id = $campaign AND o.status IN ('held', 'pending', 'paused'){(byTask ? " AND o.task_id = $task" : "")}
        GROUP BY d.quota_subject, d.quota_period;
        """;

    public static string Cancel(bool byTask) => $"""
        UPDATE outbox SET status = 'cancelled', next_attempt_at = NULL
        WHERE tenant_id = $tenant AND campaign_id = $campaign AND status IN ('held', 'pending', 'paused'){(byTask ? " AND task_id = $task" : "")};
        """;

    public const string GiveBack = """
        UPDATE campaign_quota SET used = MAX(used - $count, 0) WHERE tenant_id = $tenant AND subject = $subject AND period = $period;
        """;

    public const string Counters = """
        SELECT placed, skipped_quota, recipients, read, clicked, converted, revenue_e4 FROM campaign
        WHERE tenant_id = $tenant AND campaign_id = $campaign;
        """;

    /// <summary>Kept by the outbox triggers above: one row per status, whoever moved the rows.</summary>
    public const string StatusCounts = """
        SELECT status, deliveries, recipients FROM campaign_status WHERE tenant_id = $tenant AND campaign_id = $campaign;
        """;

    public const string GroupResults = """
        SELECT d.group_id, COALESCE(o.status, d.status), d.recipients, d.read, d.clicked, d.converted, d.revenue_e4
        FROM campaign_delivery d LEFT JOIN outbox o ON o.tenant_id = d.tenant_id AND o.delivery_id = d.delivery_id
        WHERE d.tenant_id = $tenant AND d.campaign_id = $campaign AND d.group_id IS NOT NULL
        ORDER BY d.recipients DESC, d.group_id
        LIMIT $limit;
        """;

    public const string QuotaUsed = "SELECT used FROM campaign_quota WHERE tenant_id = $tenant AND subject = $subject AND period = $period;";

    public const string RecipientKnown = """
        SELECT d.campaign_id FROM campaign_recipient r
        JOIN campaign_delivery d ON d.tenant_id = r.tenant_id AND d.delivery_id = r.delivery_id
        WHERE r.tenant_id = $tenant AND r.customer_id = $customer AND r.delivery_id = $delivery;
        """;

    /// <summary>Records a signal's first time only (the column is read_at or clicked_at).</summary>
    public static string Signal(string column) => $"""
        UPDATE campaign_recipient SET {column} = $at
        WHERE tenant_id = $tenant AND customer_id = $customer AND delivery_id = $delivery AND {column} IS NULL;
        """;

    public static string CountSignal(string column) => $"""
        UPDATE campaign_delivery SET {column} = {column} + 1 WHERE tenant_id = $tenant AND delivery_id = $delivery;
        UPDATE campaign SET {column} = {column} + 1 WHERE tenant_id = $tenant AND campaign_id = $campaign;
        """;

    public const string OrderCampaign = "SELECT campaign_id FROM campaign_order WHERE tenant_id = $tenant AND order_id = $order;";

    /// <summary>The customer's latest delivery sent within its campaign's window before the purchase, not yet converted.</summary>
    public const string Attributable = """
        SELECT r.delivery_id, d.campaign_id
        FROM campaign_recipient r
        JOIN outbox o ON o.tenant_id = r.tenant_id AND o.delivery_id = r.delivery_id
        JOIN campaign_delivery d ON d.tenant_id = r.tenant_id AND d.delivery_id = r.delivery_id
        JOIN campaign c ON c.tenant_id = d.tenant_id AND c.campaign_id = d.campaign_id
        WHERE r.tenant_id = $tenant AND r.customer_id = $customer AND r.converted_at IS NULL
          AND o.status = 'sent' AND o.sent_at <= $at AND o.sent_at >= $at - COALESCE(c.conversion_window, $defaultWindow)
        ORDER BY o.sent_at DESC
        LIMIT 1;
        """;

    public const string Convert = """
        INSERT INTO campaign_order (tenant_id, order_id, campaign_id, delivery_id, customer_id, amount_e4, at)
        VALUES ($tenant, $order, $campaign, $delivery, $customer, $amount, $at);
        UPDATE campaign_recipient SET converted_at = $at WHERE tenant_id = $tenant AND customer_id = $customer AND delivery_id = $delivery;
        UPDATE campaign_delivery SET converted = converted + 1, revenue_e4 = revenue_e4 + $amount WHERE tenant_id = $tenant AND delivery_id = $delivery;
        UPDATE campaign SET converted = converted + 1, revenue_e4 = revenue_e4 + $amount WHERE tenant_id = $tenant AND campaign_id = $campaign;
        """;
}
