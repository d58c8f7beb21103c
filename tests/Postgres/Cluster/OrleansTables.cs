using Npgsql;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>What the ADO.NET providers wrote, read straight from PostgreSQL.</summary>
public static class OrleansTables
{
    public const int Active = 3;
    public const int Dead = 6;

    /// <summary>Each silo row of <paramref name="clusterId"/>: "address:port@generation" → SiloStatus as stored.</summary>
    public static async Task<Dictionary<string, int>> MembershipAsync(string db, string clusterId)
    {
        var rows = new Dictionary<string, int>();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Address || ':' || Port || '@' || Generation, Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0), reader.GetInt32(1));
        return rows;
    }

    /// <summary>The reminder rows of <paramref name="serviceId"/> as "grain id|reminder name|period ms".</summary>
    public static async Task<List<string>> RemindersAsync(string db, string serviceId)
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT GrainId || '|' || ReminderName || '|' || Period FROM OrleansRemindersTable WHERE ServiceId = @service", connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return true;
            await Task.Delay(100);
        }
        return await condition();
    }
}
