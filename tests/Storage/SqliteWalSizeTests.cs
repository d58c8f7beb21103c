using Microsoft.Data.Sqlite;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Storage;

/// <summary>A WAL that a burst grew (a reader holding the checkpoint back) is cut back once SQLite starts it over.</summary>
public sealed class SqliteWalSizeTests : IDisposable
{
    private const long Limit = 256 * 1024;
    private readonly TempDirectory _dir = new();

    [Fact]
    public void A_grown_wal_shrinks_to_the_limit_after_the_readers_let_go()
    {
        var path = Path.Combine(_dir.Path, "wal.db");
        var database = new SqliteDatabase(path, SqliteDurability.Full, Limit);
        database.EnsureSchema(1, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body BLOB NOT NULL);");
        using var writer = database.Open();
        using (var reader = database.Open())
        {
            // A reader inside a transaction pins its snapshot: no checkpoint can pass it, so the burst grows the WAL.
            using var pin = reader.BeginTransaction(deferred: true);
            Execute(reader, "SELECT count(*) FROM t;", pin);
            for (var i = 0; i < 40; i++) Execute(writer, $"INSERT INTO t (body) VALUES (randomblob(100000));");
            Assert.True(WalBytes(path) > 8 * Limit, $"WAL {WalBytes(path)} bytes during the burst");
        }
        // Readers gone: the next checkpoint catches up, and the next write starts the WAL over and cuts it back.
        Execute(writer, "PRAGMA wal_checkpoint(PASSIVE);");
        Execute(writer, "INSERT INTO t (body) VALUES (x'00');");
        Execute(writer, "INSERT INTO t (body) VALUES (x'01');");

        Assert.True(WalBytes(path) <= Limit, $"WAL {WalBytes(path)} bytes after the readers let go (limit {Limit})");
    }

    private static long WalBytes(string path) => new FileInfo(path + "-wal").Length;

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
