namespace PrivateDomain.Storage.Sqlite;

/// <summary>The grain-state schema and statements.</summary>
internal static class GrainStateSql
{
    public const int SchemaVersion = 1;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            etag INTEGER NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id));
        """;

    public const string Read = "SELECT etag, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain;";

    public const string ReadEtag = "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain;";

    public const string Insert = """
        INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($state, $grain, $etag, $payload)
        ON CONFLICT (state_name, grain_id) DO NOTHING;
        """;

    public const string Update = """
        UPDATE grain_state SET etag = etag + 1, payload = $payload
        WHERE state_name = $state AND grain_id = $grain AND etag = $expected;
        """;

    public const string Delete = "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag = $expected;";
}
