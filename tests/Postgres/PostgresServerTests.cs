using Npgsql;

namespace PrivateDomain.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture pg)
{
    [Fact]
    public async Task Throwaway_server_accepts_connections_and_keeps_databases_apart()
    {
        var a = await pg.NewDatabaseAsync("smoke");
        var b = await pg.NewDatabaseAsync("smoke");
        await using (var connection = new NpgsqlConnection(a))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE t (x int); INSERT INTO t VALUES (42);", connection);
            await create.ExecuteNonQueryAsync();
        }
        await using var other = new NpgsqlConnection(b);
        await other.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('public.t') IS NOT NULL", other);
        Assert.False((bool)(await exists.ExecuteScalarAsync())!);
    }
}
