using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// A cluster on one database: silos in this process (<see cref="TestSilo"/>) or in their own processes
/// (<see cref="SiloProcess"/>, to be killed), and a client that finds gateways through the ADO.NET membership table.
/// InProcessTestCluster is not used because it always substitutes its in-memory membership table.
/// </summary>
public sealed class PostgresTestCluster(string connectionString, string clusterId = "pd-test", string serviceId = "pd-test")
    : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private readonly List<SiloProcess> _processes = [];
    private IHost? _client;

    public string ClusterId => clusterId;

    public IReadOnlyList<IHost> Silos => _silos;

    public IReadOnlyList<SiloProcess> Processes => _processes;

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("No client: call ConnectClientAsync.");

    public static SiloAddress AddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public async Task<IHost> StartSiloAsync()
    {
        var host = TestSilo.Build(connectionString, clusterId, serviceId);
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    public async Task<SiloProcess> StartSiloProcessAsync()
    {
        var process = await SiloProcess.StartAsync(connectionString, clusterId, serviceId);
        _processes.Add(process);
        return process;
    }

    public async Task<IClusterClient> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            })
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TestSilo.CallTimeout)
            .UseAdoNetClustering(o =>
            {
                o.Invariant = ClusterSiloExtensions.Invariant;
                o.ConnectionString = connectionString;
            }));
        _client = builder.Build();
        await _client.StartAsync();
        return Client;
    }

    /// <summary>
    /// Stops the client, then every silo without grace: processes by SIGKILL, in-process silos by a cancelled stop
    /// (as TestCluster's KillSiloAsync does; they still mark themselves dead on the way out).
    /// </summary>
    public async Task StopAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
            _client = null;
        }
        // One after another: silos stopping together contend for the membership version row and back off for seconds.
        foreach (var silo in _silos)
            await StopSiloAsync(silo);
        _silos.Clear();
        foreach (var process in _processes)
            await process.DisposeAsync();
        _processes.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task StopSiloAsync(IHost silo)
    {
        try
        {
            await silo.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }
        silo.Dispose();
    }
}
