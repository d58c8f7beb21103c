using Npgsql;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>What the event spine left in PostgreSQL, read straight from the tables.</summary>
public static class SpineDatabase
{
    /// <summary>Each customer's last position in the log: its grain has applied everything once it reports it.</summary>
    public static async Task<Dictionary<string, long>> LoggedThroughAsync(string db, string tenant)
    {
        var through = new Dictionary<string, long>();
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand("SELECT customer_id, max(seq) FROM pd_events WHERE tenant_id = $1 GROUP BY customer_id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            through[reader.GetString(0)] = reader.GetInt64(1);
        return through;
    }

    /// <summary>Distinct event ids the tenant has in the log.</summary>
    public static async Task<long> LoggedEventsAsync(string db, string tenant)
    {
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand("SELECT count(DISTINCT event_id) FROM pd_events WHERE tenant_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// State writes of one grain type so far (the ADO.NET provider's row version counts them) and the average and
    /// largest stored state in bytes.
    /// </summary>
    public static async Task<(long Writes, long AverageBytes, long MaxBytes)> GrainWritesAsync(string db, string grainType)
    {
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand(
            "SELECT COALESCE(sum(Version), 0)::bigint, COALESCE(avg(octet_length(PayloadBinary)), 0)::bigint, COALESCE(max(octet_length(PayloadBinary)), 0)::bigint " +
            "FROM OrleansStorage WHERE GrainTypeString = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainType });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>WAL bytes the whole server has written since it started.</summary>
    public static async Task<long> WalBytesAsync(string db)
    {
        await using var connection = await OpenAsync(db);
        await using var command = new NpgsqlCommand("SELECT wal_bytes::bigint FROM pg_stat_wal", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string db)
    {
        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        return connection;
    }
}
