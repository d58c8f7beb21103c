-- Orleans' ADO.NET providers (clustering, grain persistence, reminders; invariant "Npgsql") read every
-- SQL statement they run from this table at start-up, by key, and bind their own parameter names
-- (@DeploymentId, @GrainIdHash, ...). The queries are ours: 020-040 define them against our tables.
--
-- Every script under deploy/postgres is idempotent (run twice = no error, no change) and runs in
-- file-name order in one transaction: PostgresSchema.EnsureAsync at start-up, or migrate.sh.
-- Requires PostgreSQL 15 or later (UNIQUE ... NULLS NOT DISTINCT).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

-- Each script upserts its queries with
--   ON CONFLICT (QueryKey) DO UPDATE ... WHERE OrleansQuery.QueryText IS DISTINCT FROM excluded.QueryText
-- so an upgrade replaces changed text and a re-run leaves unchanged rows untouched.
