-- The engine's durable outbox (cluster mode). Idempotent: safe to run on every start.
-- Times are timestamptz plus the 100 ns ticks below the microsecond (0-9), so they read back exactly.
CREATE TABLE IF NOT EXISTS pd_outbox (
    -- Insertion order: breaks ties between messages created in the same instant.
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id text NOT NULL,
    delivery_id text NOT NULL,
    channel text NOT NULL,
    persona_id text NOT NULL,
    customer_id text NULL,
    group_id text NULL,
    agent_id text NULL,
    kind text NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL,
    created_at_ticks smallint NOT NULL DEFAULT 0 CHECK (created_at_ticks BETWEEN 0 AND 9),
    status text NOT NULL,
    sent_at timestamptz NULL,
    sent_at_ticks smallint NULL CHECK (sent_at_ticks BETWEEN 0 AND 9),
    CONSTRAINT pk_pd_outbox PRIMARY KEY (tenant_id, delivery_id));

-- Retry state and the webhook target (added later: existing databases gain them in place).
-- next_attempt_at NULL means due at once; it is kept to the microsecond.
ALTER TABLE pd_outbox
    ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz NULL,
    ADD COLUMN IF NOT EXISTS last_error text NULL,
    ADD COLUMN IF NOT EXISTS target text NULL,
    ADD COLUMN IF NOT EXISTS secret_name text NULL;

CREATE INDEX IF NOT EXISTS ix_pd_outbox_pending_channel ON pd_outbox (channel, created_at, created_at_ticks, id) WHERE status = 'pending';
-- The lane's two ways to its due messages, each an index range: never tried (due at once, oldest first), and with a
-- next attempt (a retry, or a deferral to the persona's next token) by that time. Without them every look filtered
-- all the channel's pending rows, so a backlog deferred into the future was stepped over on every enqueue.
CREATE INDEX IF NOT EXISTS ix_pd_outbox_new ON pd_outbox (channel, created_at, created_at_ticks, id)
    WHERE status = 'pending' AND next_attempt_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_pd_outbox_next_attempt ON pd_outbox (channel, next_attempt_at, id)
    WHERE status = 'pending' AND next_attempt_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pd_outbox_pending ON pd_outbox (created_at, created_at_ticks, id) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS ix_pd_outbox_tenant ON pd_outbox (tenant_id, created_at, created_at_ticks, id);
CREATE INDEX IF NOT EXISTS ix_pd_outbox_customer ON pd_outbox (tenant_id, customer_id, created_at, created_at_ticks, id) WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pd_outbox_group ON pd_outbox (tenant_id, group_id, created_at, created_at_ticks, id) WHERE group_id IS NOT NULL;

-- Wakes every process waiting for pending messages (LISTEN pd_outbox), whoever wrote them; delivered at
-- commit, once per transaction.
CREATE OR REPLACE FUNCTION pd_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed WHERE status = 'pending') THEN
        PERFORM pg_notify('pd_outbox', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tr_pd_outbox_inserted AFTER INSERT ON pd_outbox
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_outbox_notify();
CREATE OR REPLACE TRIGGER tr_pd_outbox_updated AFTER UPDATE ON pd_outbox
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pd_outbox_notify();
