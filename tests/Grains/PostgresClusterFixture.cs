using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.Hosting;
using PrivateDomain.Silo.Hosting;
using PrivateDomain.Testing;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Cluster mode's stores on a throwaway PostgreSQL server: the PostgreSQL event log and outbox, and Orleans'
/// ADO.NET grain storage set up as cluster mode sets it up. This is the project's only PostgreSQL fixture, so
/// it owns the one server of the run, with one database in it.
/// </summary>
public sealed class PostgresClusterFixture : ClusterFixture
{
    private const string Database = "grains";
    private ThrowawayPostgres? _server;
    private string _connectionString = "";

    protected override async Task PrepareAsync()
    {
        _server = await ThrowawayPostgres.StartAsync();
        await _server.CreateDatabaseAsync(Database);
        _connectionString = _server.ConnectionString(Database);
        // The ADO.NET provider reads its queries from the Orleans tables when the silo starts.
        await PostgresSchema.EnsureAsync(_connectionString, CancellationToken.None);
    }

    protected override void AddStores(IHostApplicationBuilder host)
    {
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}"] = _connectionString,
        });
        host.Services.AddPostgresEventStore(host.Configuration);
        // Cluster mode's own grain storage wiring.
        host.UseOrleans(silo => silo.AddPostgresGrainStorageAsDefault());
    }

    protected override IGrainStorage CreateGrainStorage(IServiceProvider services) =>
        AdoNetGrainStorageFactory.Create(services, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    protected override async Task CleanUpAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "grains-postgres";
}
