using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using PrivateDomain.Tests.Postgres.Cluster;

namespace PrivateDomain.Tests.Postgres;

/// <summary>
/// The test assembly doubles as a silo executable, so tests can kill a silo for real (SIGKILL, no goodbye):
/// <c>dotnet PrivateDomain.Tests.Postgres.dll silo &lt;connection string&gt; &lt;cluster id&gt; &lt;service id&gt;</c>.
/// It prints "ready &lt;silo address&gt;" once it has joined, and exits when its stdin closes (the test process is gone).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["silo", var connectionString, var clusterId, var serviceId])
        {
            await Console.Error.WriteLineAsync("usage: silo <connection string> <cluster id> <service id>");
            return 2;
        }
        using var host = TestSilo.Build(connectionString, clusterId, serviceId);
        await host.StartAsync();
        Console.WriteLine($"ready {host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress}");
        await Console.In.ReadToEndAsync();
        await host.StopAsync();
        return 0;
    }
}
