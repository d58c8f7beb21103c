-- The engine's durable event log (cluster mode). Idempotent: safe to run on every start.
--
-- seq is the global, gap-free log position. It is not a PostgreSQL sequence (nextval burns numbers that
-- ON CONFLICT DO NOTHING then skips, and numbers taken by concurrent transactions become visible out of
-- order). A writer (any process) takes the transaction-scoped advisory lock 0x70646576656E7473 ("pdevents"),
-- reads MAX(seq) in a later statement, assigns MAX + 1 ... and holds the lock until its last COMMIT, so seq
-- order is commit order and a reader never sees N + 1 before N (see PostgresEventLog). Rows are never
-- deleted from the tail, so a committed seq is never reused.
CREATE TABLE IF NOT EXISTS pd_events (
    seq bigint NOT NULL PRIMARY KEY,
    tenant_id text NOT NULL,
    event_id text NOT NULL,
    type text NOT NULL,
    customer_id text NULL,
    group_id text NULL,
    persona_id text NULL,
    occurred_at timestamptz NOT NULL,
    -- The 100 ns ticks below the microsecond that timestamptz keeps (0-9), so the instant the body hash
    -- covers reads back exactly.
    occurred_at_ticks smallint NOT NULL DEFAULT 0 CHECK (occurred_at_ticks BETWEEN 0 AND 9),
    -- text, not jsonb: the body reads back byte for byte as it was hashed and acknowledged.
    data_json text NOT NULL,
    -- SHA-256 of the event's body (everything but its id): a resend has the same hash, a reused id does not.
    body_hash bytea NOT NULL,
    CONSTRAINT uq_pd_events_tenant_event UNIQUE (tenant_id, event_id));

CREATE INDEX IF NOT EXISTS ix_pd_events_customer ON pd_events (tenant_id, customer_id, seq) WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pd_events_group ON pd_events (tenant_id, group_id, seq) WHERE group_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pd_events_persona ON pd_events (tenant_id, persona_id, seq) WHERE persona_id IS NOT NULL;

-- A consumer's position in the log (the dispatcher, stream readers).
CREATE TABLE IF NOT EXISTS pd_checkpoints (
    consumer_id text NOT NULL PRIMARY KEY,
    seq bigint NOT NULL);
