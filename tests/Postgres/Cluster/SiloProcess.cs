using System.Diagnostics;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>A silo in its own OS process (see <see cref="Program"/>), which a test can SIGKILL.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The silo's address as Orleans prints it (SiloAddress.ToString()).</summary>
    public string Address { get; }

    public static async Task<SiloProcess> StartAsync(string connectionString, string clusterId, string serviceId)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", typeof(Program).Assembly.Location, "silo", connectionString, clusterId, serviceId })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a silo process");
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("ready ", StringComparison.Ordinal))
                    return new SiloProcess(process, line["ready ".Length..]);
            }
            await process.WaitForExitAsync(timeout.Token);
            throw new InvalidOperationException($"silo process exited ({process.ExitCode}) before joining: {await errors}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: the silo vanishes mid-flight, leaving its membership row Active for the others to vote on.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }
}
