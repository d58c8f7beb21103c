using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Hosting;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Storage;

public sealed class HostingTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Event_store_registration_resolves_one_log_and_one_outbox_in_the_configured_directory()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _directory.Path })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddSqliteEventStore(configuration).BuildServiceProvider();

        var log = services.GetRequiredService<IEventLog>();
        var outbox = services.GetRequiredService<IOutbox>();

        Assert.Same(services.GetRequiredService<SqliteEventLog>(), log);
        Assert.IsType<SqliteOutbox>(outbox);
        Assert.True(File.Exists(Path.Combine(_directory.Path, SqliteFiles.EventLog)));
        Assert.True(File.Exists(Path.Combine(_directory.Path, SqliteFiles.Outbox)));
    }

    [Fact]
    public void Invalid_storage_options_are_reported_by_name()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSqliteEventStore(o => (o.DataDirectory, o.MaxPendingAppends) = (_directory.Path, 0))
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("MaxPendingAppends", error.Message);
    }

    [Fact]
    public void Grain_storage_registers_as_the_default_provider()
    {
        var collection = new ServiceCollection().AddLogging().Configure<StorageOptions>(o => o.DataDirectory = _directory.Path);
        collection.AddOrleans(silo => silo.AddSqliteGrainStorageAsDefault());
        using var services = collection.BuildServiceProvider();

        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Same(storage, services.GetRequiredService<IGrainStorage>());
        Assert.True(File.Exists(Path.Combine(_directory.Path, SqliteFiles.GrainState)));
    }

    public void Dispose() => _directory.Dispose();
}
