using Npgsql;
using PrivateDomain.Postgres;

namespace PrivateDomain.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresFixture pg)
{
    private static readonly string[] OrleansTables =
        ["orleansquery", "orleansmembershipversiontable", "orleansmembershiptable", "orleansstorage", "orleansreminderstable"];

    // Every query key the three providers (10.4.2) load; a missing one fails the silo at start.
    private static readonly string[] QueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteReminderRowKey",
        "DeleteReminderRowsKey", "DeleteStorageKey", "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey",
        "MembershipReadAllKey", "MembershipReadRowKey", "ReadFromStorageKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "UpsertReminderRowKey",
        "WriteToStorageKey",
    ];

    [Fact]
    public async Task Ensure_creates_the_orleans_tables_and_every_provider_query()
    {
        var db = await pg.NewDatabaseAsync("schema");

        await PostgresSchema.EnsureAsync(db, CancellationToken.None);

        Assert.Subset((await TablesAsync(db)).Keys.ToHashSet(), OrleansTables.ToHashSet());
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), (await QueriesAsync(db)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ensure_twice_changes_nothing()
    {
        var db = await pg.NewDatabaseAsync("schema");
        await PostgresSchema.EnsureAsync(db, CancellationToken.None);
        var tables = await TablesAsync(db);
        var queries = await QueriesAsync(db);

        await PostgresSchema.EnsureAsync(db, CancellationToken.None);

        Assert.Equal(tables, await TablesAsync(db));
        // Same text and the same row versions (xmin): the second run rewrote nothing.
        Assert.Equal(queries, await QueriesAsync(db));
    }

    [Fact]
    public async Task Concurrent_ensures_both_succeed()
    {
        var db = await pg.NewDatabaseAsync("schema");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.EnsureAsync(db, CancellationToken.None))));

        Assert.Equal(QueryKeys.Length, (await QueriesAsync(db)).Count);
    }

    [Fact]
    public void Scripts_run_in_file_name_order_starting_with_the_orleans_main_script()
    {
        Assert.Equal("010_orleans_main.sql", PostgresSchema.ScriptNames[0]);
        Assert.Equal(PostgresSchema.ScriptNames.Order(StringComparer.Ordinal), PostgresSchema.ScriptNames);
    }

    /// <summary>Table name → its columns and types, in order.</summary>
    private static async Task<Dictionary<string, string>> TablesAsync(string db)
    {
        var tables = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) " +
            "FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0), reader.GetString(1));
        return tables;
    }

    private static async Task<Dictionary<string, string>> QueriesAsync(string db)
    {
        var queries = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey, xmin::text || ':' || QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            queries.Add(reader.GetString(0), reader.GetString(1));
        return queries;
    }
}
