using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Hosting;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// One in-process silo for the whole project, on SQLite storage in a temp folder and a frozen clock. No
/// EventDispatcher: tests append to the log themselves and deliver explicitly, so every step is deterministic.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pd-grains-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(Now);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    public IEventLog Log => SiloServices.GetRequiredService<IEventLog>();

    public IOutbox Outbox => SiloServices.GetRequiredService<IOutbox>();

    public FaultyGrainStorage Storage => SiloServices.GetRequiredService<FaultyGrainStorage>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = _directory,
            });
            // Grains read the frozen clock; the runtime's own timers stay on real time.
            host.Services.AddSingleton<TimeProvider>(Time);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            host.Services.AddSqliteEventStore(host.Configuration);
            host.UseOrleans(silo => silo.AddSqliteGrainStorageAsDefault());
            host.Services.AddSingleton(sp => new FaultyGrainStorage(ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp)));
            host.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (sp, _) => sp.GetRequiredService<FaultyGrainStorage>());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: SQLite may still hold a pooled handle.
        }
    }

    /// <summary>Appends the events to the durable log and returns them as logged, for explicit delivery.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> AppendAsync(string tenantId, params EngineEvent[] events)
    {
        // Tests in the collection run one at a time, so the batch lands right after the current end of the log.
        var before = Log.LastSequence;
        var result = await Log.AppendAsync(tenantId, events);
        Assert.Equal(AppendOutcome.Appended, result.Outcome);
        Assert.Equal(events.Length, result.Accepted);
        var logged = await Log.ReadAsync(before, events.Length);
        Assert.Equal(events.Select(e => e.Id), logged.Select(e => e.Event.Id));
        return logged;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
