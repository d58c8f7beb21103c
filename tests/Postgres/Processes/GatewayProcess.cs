using System.Globalization;
using System.Net;
using PrivateDomain.Tests.Postgres.Cluster;

namespace PrivateDomain.Tests.Postgres.Processes;

/// <summary>
/// The Gateway web app (src/Gateway, <c>PrivateDomain.Gateway.dll</c>) with Engine:Role=Gateway, an Orleans client of the
/// cluster's silos, as its own OS process on a free port. Development environment, so the dev token API is there.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Name => _process.Name;

    public string Tail => _process.Tail;

    /// <summary>Starts a gateway and returns once /health/ready answers 200 (a grain answered and the log is open).</summary>
    public static async Task<GatewayProcess> StartAsync(string name, string connectionString, string clusterId, string serviceId,
        IReadOnlyDictionary<string, string> tenantKeys, string signingKey)
    {
        var port = TestSilo.FreePort();
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--Engine:Mode=Cluster",
            "--Engine:Role=Gateway",
            $"--Engine:ClusterId={clusterId}",
            $"--Engine:ServiceId={serviceId}",
            $"--Postgres:ConnectionString={connectionString}",
            $"--AgentTokens:SigningKey={signingKey}",
            // Grain calls in flight through a killed silo give up after this rather than Orleans' 30 s.
            "--Orleans:Messaging:ResponseTimeout=00:00:05",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(tenantKeys.Select(t => $"--Tenants:{t.Key}:IngestKey={t.Value}"));
        var process = ChildProcess.Start(name, "PrivateDomain.Gateway.dll", args,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        try
        {
            await gateway.WaitReadyAsync(TimeSpan.FromSeconds(90));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(string? key = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(15),
        };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: open HTTP requests and the console connections drop; the process leaves its registration behind.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = Client(timeout: TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited before it was ready:{Environment.NewLine}{Tail}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet: the host listens once its Orleans client has connected.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} was not ready within {timeout}:{Environment.NewLine}{Tail}");
            await Task.Delay(200);
        }
    }
}
