using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Hosting;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Grains;

/// <summary>Embedded mode's stores: the SQLite event log, outbox and grain storage in a temp folder.</summary>
public sealed class SqliteClusterFixture : ClusterFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pd-grains-" + Guid.NewGuid().ToString("N"));

    protected override Task PrepareAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override void AddStores(IHostApplicationBuilder host)
    {
        host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = _directory,
        });
        host.Services.AddSqliteEventStore(host.Configuration);
        host.UseOrleans(silo => silo.AddSqliteGrainStorageAsDefault());
    }

    protected override IGrainStorage CreateGrainStorage(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<SqliteGrainStorage>(services);

    protected override Task CleanUpAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: SQLite may still hold a pooled handle.
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "grains-sqlite";
}
