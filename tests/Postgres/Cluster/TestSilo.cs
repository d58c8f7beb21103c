using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>One test silo, wired by production cluster mode (<see cref="ClusterSiloExtensions.AddPostgresSilo"/>) on loopback.</summary>
public static class TestSilo
{
    /// <summary>Grain calls give up after this, so retries after a failure come quickly.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public static IHost Build(string connectionString, string clusterId, string serviceId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = connectionString });
        var engine = new EngineOptions
        {
            Mode = EngineMode.Cluster,
            ClusterId = clusterId,
            ServiceId = serviceId,
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
            AdvertisedAddress = IPAddress.Loopback.ToString(),
        };
        builder.AddPostgresSilo(engine, silo => silo
            .Configure<ClusterMembershipOptions>(FastFailureDetection)
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = CallTimeout));
        return builder.Build();
    }

    // Declare a dead silo in about a second rather than the production default of ~15 s.
    private static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
