using System.Diagnostics;
using PrivateDomain.Tests.Integration.Infrastructure;

namespace PrivateDomain.Tests.Integration.Process;

/// <summary>The engine as its own OS process (the built Gateway), so it can really be killed.</summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;

    private EngineProcess(System.Diagnostics.Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<EngineProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var port = Ports.Free();
        var gateway = GatewayAssembly();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(gateway)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     gateway, $"--urls=http://127.0.0.1:{port}", "--data", dataDirectory,
                     $"--Engine:SiloPort={Ports.Free()}", $"--Engine:GatewayPort={Ports.Free()}",
                     $"--Tenants:t1:IngestKey={EngineHost.Key1}", "--Logging:LogLevel:Default=Warning",
                 }.Concat(extraArgs))
            info.ArgumentList.Add(arg);
        var process = System.Diagnostics.Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await engine.WaitReadyAsync();
        return engine;
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", EngineHost.Key1) } };

    /// <summary>SIGKILL: no shutdown hooks, no flush; only what was durable survives.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private async Task WaitReadyAsync()
    {
        // A restart after a kill recovers under load (resumed campaigns, due reminders, the outbox catching up), and the
        // suite shares the cores: one slow probe is "not ready yet", not a failure; only the overall deadline is.
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The engine exited with code {_process.ExitCode}.");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
                // The probe timed out: still starting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The engine did not become ready within 90 s.");
    }

    /// <summary>The Gateway built beside this test assembly, in the same configuration.</summary>
    private static string GatewayAssembly()
    {
        var here = AppContext.BaseDirectory;
        var local = Path.Combine(here, "PrivateDomain.Gateway.dll");
        if (File.Exists(local)) return local;
        throw new FileNotFoundException("PrivateDomain.Gateway.dll is not beside the tests.", local);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
