using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using PrivateDomain.Silo.Streams;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>Engine silos (<see cref="EngineTestSilo"/>) of one cluster in this process; the survivors are killed on dispose.</summary>
public sealed class EngineSilos(string connectionString, string clusterId, SiloLogs logs) : IAsyncDisposable
{
    private readonly List<IHost> _alive = [];

    public IReadOnlyList<IHost> Alive => _alive;

    /// <summary>Starts <paramref name="count"/> silos one after another (joining together contends for the membership row).</summary>
    public async Task StartAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var host = EngineTestSilo.Build(connectionString, clusterId, clusterId, logs.For($"silo{_alive.Count}"));
            await host.StartAsync();
            _alive.Add(host);
        }
    }

    /// <summary>The stream queues whose pulling agent runs on <paramref name="silo"/>.</summary>
    public static async Task<int> QueueAgentsAsync(IHost silo)
    {
        var provider = (IControllable)silo.Services.GetRequiredKeyedService<IStreamProvider>(EventLogStreamOptions.ProviderName);
        return (int)(await provider.ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null))!;
    }

    public async Task KillAsync(IHost silo)
    {
        _alive.Remove(silo);
        await EngineTestSilo.KillAsync(silo);
    }

    public async ValueTask DisposeAsync()
    {
        // One after another: silos stopping together contend for the membership version row and back off for seconds.
        foreach (var silo in _alive.ToList())
            await KillAsync(silo);
    }
}
