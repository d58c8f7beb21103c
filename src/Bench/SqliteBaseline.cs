using System.Diagnostics;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Bench;

/// <summary>
/// The baseline: one thread inserting the same rows into the same table with the same pragmas, in
/// transactions of a fixed size, with no dedupe, hashing, queue or savepoints.
/// </summary>
internal static class SqliteBaseline
{
    public static (double RowsPerSecond, double CpuMicrosecondsPerRow) RowsPerSecond(string path, int rowsPerTransaction, double seconds, int producers, int batch)
    {
        var database = new SqliteDatabase(path, SqliteDurability.Full);
        database.EnsureSchema(EventLogSql.SchemaVersion, EventLogSql.Schema);
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO events (tenant_id, event_id, type, customer_id, group_id, persona_id, occurred_at, data_json, body_hash)
            VALUES ($tenant, $id, $type, $customer, $group, $persona, $at, $data, $hash);
            """;
        foreach (var name in new[] { "$tenant", "$id", "$type", "$customer", "$group", "$persona", "$at", "$data", "$hash" })
            insert.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = name });
        insert.Prepare();
        var hash = new byte[32];
        // The same rows the engine got: every producer's batches, interleaved as the engine's queue does.
        var generators = Enumerable.Range(0, producers).Select(p => new BenchEvents(p)).ToArray();
        var pending = new Queue<PrivateDomain.Contracts.EngineEvent>();
        var turn = 0;

        long rows = 0;
        var started = Stopwatch.GetTimestamp();
        var cpuStarted = Environment.CpuUsage.TotalTime;
        var stopAt = started + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            while (pending.Count < rowsPerTransaction)
            {
                foreach (var generated in generators[turn++ % producers].Batch(batch))
                    pending.Enqueue(generated);
            }

            for (var i = 0; i < rowsPerTransaction; i++)
            {
                var e = pending.Dequeue();
                var p = insert.Parameters;
                p[0].Value = "bench";
                p[1].Value = e.Id;
                p[2].Value = e.Type;
                p[3].Value = (object?)e.CustomerId ?? DBNull.Value;
                p[4].Value = (object?)e.GroupId ?? DBNull.Value;
                p[5].Value = (object?)e.PersonaId ?? DBNull.Value;
                p[6].Value = e.OccurredAt.UtcTicks;
                p[7].Value = e.DataJson;
                p[8].Value = hash;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            rows += rowsPerTransaction;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = Environment.CpuUsage.TotalTime - cpuStarted;
        database.ClearPool();
        return (rows / elapsed, cpu.TotalMicroseconds / rows);
    }
}
