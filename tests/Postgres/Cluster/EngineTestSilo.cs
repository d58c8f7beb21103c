using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// One engine silo in this process, wired by the production path (<see cref="EngineSiloExtensions.AddEngineSilo"/>
/// with Engine:Mode=Cluster on loopback): the engine's grains, the event spine's stream provider, its own
/// PostgreSQL event log and outbox sender, as a separate silo process would have. Only failure detection and the
/// call timeout are shortened, as <see cref="TestSilo"/> does.
/// </summary>
public static class EngineTestSilo
{
    public static IHost Build(string connectionString, string clusterId, string serviceId, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:Mode"] = "Cluster",
            ["Engine:ClusterId"] = clusterId,
            ["Engine:ServiceId"] = serviceId,
            ["Engine:SiloPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Engine:GatewayPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Engine:AdvertisedAddress"] = "127.0.0.1",
            ["Postgres:ConnectionString"] = connectionString,
        });
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        builder.AddEngineSilo();
        builder.Services.Configure<ClusterMembershipOptions>(FastFailureDetection);
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TestSilo.CallTimeout);
        return builder.Build();
    }

    public static SiloAddress AddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>
    /// Stops the silo without grace, as TestCluster's KillSiloAsync does for in-process silos: a cancelled stop
    /// (activations are deactivated with a cancelled token, no graceful hand-over), then the host is disposed.
    /// </summary>
    public static async Task KillAsync(IHost silo)
    {
        try
        {
            await silo.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }
        // Asynchronously: the event log and outbox are IAsyncDisposable only.
        await ((IAsyncDisposable)silo).DisposeAsync();
    }

    // Declare a dead silo in about a second rather than the production default of ~15 s (as TestSilo does).
    private static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
    }
}
