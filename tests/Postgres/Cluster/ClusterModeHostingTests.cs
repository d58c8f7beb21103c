using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans;
using PrivateDomain.Postgres.EventLog;
using PrivateDomain.Silo.Hosting;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterModeHostingTests(PostgresFixture pg)
{
    [Fact]
    public async Task Engine_silo_in_cluster_mode_migrates_joins_and_stores_grain_state_on_postgres()
    {
        var db = await pg.NewDatabaseAsync("clustermode");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:Mode"] = "Cluster",
            ["Engine:ClusterId"] = "engine",
            ["Engine:ServiceId"] = "engine",
            ["Engine:SiloPort"] = TestSilo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:GatewayPort"] = TestSilo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:AdvertisedAddress"] = "127.0.0.1",
            ["Postgres:ConnectionString"] = db,
        });
        builder.AddEngineSilo();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            Assert.IsType<PostgresEventLog>(host.Services.GetRequiredService<IEventLog>());
            Assert.Equal([OrleansTables.Active], (await OrleansTables.MembershipAsync(db, "engine")).Values);
            var counter = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("hosted");
            Assert.Equal(3, await counter.AddAsync(3));
            Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM OrleansStorage WHERE ServiceId = 'engine'"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void An_unknown_engine_mode_is_refused()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Engine:Mode"] = "Clustre" });

        Assert.Throws<InvalidOperationException>(() => builder.AddEngineSilo());
    }

    private static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
