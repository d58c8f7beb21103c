using System.Globalization;
using PrivateDomain.Tests.Postgres.Cluster;

namespace PrivateDomain.Tests.Postgres.Processes;

/// <summary>
/// The production silo program (src/Silo, <c>PrivateDomain.Silo.dll</c>) in cluster mode on loopback, as its own OS
/// process: the engine's grains, event delivery and outbox sender, unlike the bare <see cref="SiloProcess"/>.
/// </summary>
public static class EngineSiloProcess
{
    /// <summary>A killed silo is declared dead in about 3 s rather than Orleans' default of about 15 s.</summary>
    public static readonly string[] FastFailureDetection =
    [
        "--Orleans:Membership:ProbeTimeout=00:00:01",
        "--Orleans:Membership:NumMissedProbesLimit=2",
        "--Orleans:Membership:NumVotesForDeathDeclaration=1",
        "--Orleans:Membership:TableRefreshTimeout=00:00:02",
        "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:02",
    ];

    /// <summary>Starts a silo and returns once it has joined the cluster (its host reported "Application started").</summary>
    public static async Task<ChildProcess> StartAsync(string name, string connectionString, string clusterId, string serviceId)
    {
        string[] args =
        [
            "--Engine:Mode=Cluster",
            $"--Engine:ClusterId={clusterId}",
            $"--Engine:ServiceId={serviceId}",
            $"--Engine:SiloPort={TestSilo.FreePort().ToString(CultureInfo.InvariantCulture)}",
            $"--Engine:GatewayPort={TestSilo.FreePort().ToString(CultureInfo.InvariantCulture)}",
            "--Engine:AdvertisedAddress=127.0.0.1",
            $"--Postgres:ConnectionString={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. FastFailureDetection,
            // A call to a gateway that was killed (its console observer) gives up after 5 s rather than 30 s: the silo's
            // push fan-out waits for every gateway, so until the dead one's lease lapses each batch waits this long.
            "--Orleans:Messaging:ResponseTimeout=00:00:05",
        ];
        var silo = ChildProcess.Start(name, "PrivateDomain.Silo.dll", args, readyMarker: "Application started");
        try
        {
            await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }
}
