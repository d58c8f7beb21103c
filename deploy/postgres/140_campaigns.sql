-- Campaign deliveries next to the outbox (issue 6) and the customer directory campaigns select from.
-- Idempotent: safe to run on every start. A campaign's outbox rows carry its id, task and recipient count, so its
-- status counts are one index-only scan; pd_campaign keeps the other running counts.
ALTER TABLE pd_outbox
    ADD COLUMN IF NOT EXISTS campaign_id text NULL,
    ADD COLUMN IF NOT EXISTS task_id text NULL,
    ADD COLUMN IF NOT EXISTS recipients integer NULL;
CREATE INDEX IF NOT EXISTS ix_pd_outbox_campaign ON pd_outbox (tenant_id, campaign_id, status, task_id) INCLUDE (recipients)
    WHERE campaign_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS pd_campaign (
    tenant_id text NOT NULL,
    campaign_id text NOT NULL,
    conversion_window interval NULL,
    placed bigint NOT NULL DEFAULT 0,
    skipped_quota bigint NOT NULL DEFAULT 0,
    recipients bigint NOT NULL DEFAULT 0,
    read bigint NOT NULL DEFAULT 0,
    clicked bigint NOT NULL DEFAULT 0,
    converted bigint NOT NULL DEFAULT 0,
    revenue numeric NOT NULL DEFAULT 0,
    CONSTRAINT pk_pd_campaign PRIMARY KEY (tenant_id, campaign_id));

-- One row per planned delivery: placed (it has an outbox row) or skipped_quota (it has none).
CREATE TABLE IF NOT EXISTS pd_campaign_delivery (
    tenant_id text NOT NULL,
    delivery_id text NOT NULL,
    campaign_id text NOT NULL,
    task_id text NULL,
    group_id text NULL,
    customer_id text NULL,
    quota_subject text NOT NULL,
    quota_period text NOT NULL,
    status text NOT NULL,
    recipients integer NOT NULL,
    read integer NOT NULL DEFAULT 0,
    clicked integer NOT NULL DEFAULT 0,
    converted integer NOT NULL DEFAULT 0,
    revenue numeric NOT NULL DEFAULT 0,
    CONSTRAINT pk_pd_campaign_delivery PRIMARY KEY (tenant_id, delivery_id));
CREATE INDEX IF NOT EXISTS ix_pd_campaign_delivery_group ON pd_campaign_delivery (tenant_id, campaign_id, recipients DESC)
    WHERE group_id IS NOT NULL;

-- Keyed by customer first: attribution looks up a customer's deliveries; signals give all three columns.
CREATE TABLE IF NOT EXISTS pd_campaign_recipient (
    tenant_id text NOT NULL,
    customer_id text NOT NULL,
    delivery_id text NOT NULL,
    read_at timestamptz NULL,
    clicked_at timestamptz NULL,
    converted_at timestamptz NULL,
    CONSTRAINT pk_pd_campaign_recipient PRIMARY KEY (tenant_id, customer_id, delivery_id));

CREATE TABLE IF NOT EXISTS pd_campaign_quota (
    tenant_id text NOT NULL,
    subject text NOT NULL,
    period text NOT NULL,
    used integer NOT NULL,
    CONSTRAINT pk_pd_campaign_quota PRIMARY KEY (tenant_id, subject, period));

CREATE TABLE IF NOT EXISTS pd_campaign_order (
    tenant_id text NOT NULL,
    order_id text NOT NULL,
    campaign_id text NOT NULL,
    delivery_id text NOT NULL,
    customer_id text NOT NULL,
    amount numeric NOT NULL,
    at timestamptz NOT NULL,
    CONSTRAINT pk_pd_campaign_order PRIMARY KEY (tenant_id, order_id));

-- Customer ids sort byte-wise (COLLATE "C"): pages are cursored by id.
CREATE TABLE IF NOT EXISTS pd_customer_directory (
    tenant_id text NOT NULL,
    customer_id text COLLATE "C" NOT NULL,
    owner_persona_id text NULL,
    owner_agent_id text NULL,
    name text NULL,
    time_zone text NULL,
    tags text[] NOT NULL,
    purchase_count integer NOT NULL,
    purchase_total numeric NOT NULL,
    last_purchase_at timestamptz NULL,
    removed boolean NOT NULL,
    CONSTRAINT pk_pd_customer_directory PRIMARY KEY (tenant_id, customer_id));

-- Only customers not removed have tag rows, so a tag page never skips removed ones.
CREATE TABLE IF NOT EXISTS pd_customer_tag (
    tenant_id text NOT NULL,
    tag text NOT NULL,
    customer_id text COLLATE "C" NOT NULL,
    CONSTRAINT pk_pd_customer_tag PRIMARY KEY (tenant_id, tag, customer_id));
