-- The durable wake-up index (cluster mode): when each waiting grain is due. Idempotent: safe to run on every start.
-- due_at is timestamptz plus the 100 ns ticks below the microsecond (0-9), so a due instant reads back exactly.
-- ready_at is when the row can next be taken: its due time (rounded up to the microsecond), or the end of a
-- claim's lease, so one index serves due scans, lease expiry and "next due".
-- version changes on every reschedule and every claim (from a sequence, never reused), so a completion by a
-- stale claimer, or of an entry rescheduled meanwhile, deletes nothing.
CREATE SEQUENCE IF NOT EXISTS pd_wakeups_version AS bigint;

CREATE TABLE IF NOT EXISTS pd_wakeups (
    tenant_id text NOT NULL,
    kind text NOT NULL,
    entity_id text NOT NULL,
    key text NOT NULL,
    due_at timestamptz NOT NULL,
    due_at_ticks smallint NOT NULL DEFAULT 0 CHECK (due_at_ticks BETWEEN 0 AND 9),
    ready_at timestamptz NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_pd_wakeups PRIMARY KEY (tenant_id, kind, entity_id, key));

CREATE INDEX IF NOT EXISTS ix_pd_wakeups_ready ON pd_wakeups (ready_at);
