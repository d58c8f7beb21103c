using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.Groups;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// One in-process silo per storage backend, with a frozen clock. No EventDispatcher: tests append to the log
/// themselves and deliver explicitly, so every step is deterministic. A backend supplies the event store and
/// the grain storage; the grain storage is wrapped in <see cref="FaultyGrainStorage"/> on every backend.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Now);

    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    public IEventLog Log => SiloServices.GetRequiredService<IEventLog>();

    public IOutbox Outbox => SiloServices.GetRequiredService<IOutbox>();

    public FaultyGrainStorage Storage => SiloServices.GetRequiredService<FaultyGrainStorage>();

    /// <summary>Prepares what the silo will store into (a folder, a database) before it starts.</summary>
    protected abstract Task PrepareAsync();

    /// <summary>Registers the event log, the outbox and the default grain storage provider.</summary>
    protected abstract void AddStores(IHostApplicationBuilder host);

    /// <summary>The real grain storage that <see cref="FaultyGrainStorage"/> wraps.</summary>
    protected abstract IGrainStorage CreateGrainStorage(IServiceProvider services);

    /// <summary>Removes what <see cref="PrepareAsync"/> made, once the silo has stopped.</summary>
    protected abstract Task CleanUpAsync();

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            // Grains read the frozen clock; the runtime's own timers stay on real time.
            host.Services.AddSingleton<TimeProvider>(Time);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            AddStores(host);
            // What AddEngineServices registers for the grains themselves (the fixture does not run the silo's loops).
            host.Services.AddSingleton<JourneyDefinitionCache>();
            host.Services.AddGroupPools();
            host.Services.AddSingleton<CadencePolicyCache>();
            host.Services.AddSingleton<DisplayNameCache>();
            // Replaces the provider's own "Default" registration; the wrapper forwards its silo lifecycle, if any.
            host.Services.AddSingleton(sp => new FaultyGrainStorage(CreateGrainStorage(sp)));
            host.Services.AddKeyedSingleton<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (sp, _) => sp.GetRequiredService<FaultyGrainStorage>());
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    // xUnit disposes a fixture whose start failed too: clean up whatever was made.
    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
                await _cluster.DisposeAsync();
        }
        finally
        {
            await CleanUpAsync();
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
