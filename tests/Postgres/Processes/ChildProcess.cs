using System.Collections.Concurrent;
using System.Diagnostics;

namespace PrivateDomain.Tests.Postgres.Processes;

/// <summary>
/// One of the engine's built programs (<c>dotnet exec &lt;dll&gt;</c>, from beside the tests) in its own OS process:
/// its output is drained and the tail kept for diagnosis, and it can be killed with SIGKILL (no goodbye).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 400;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly string? _readyMarker;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, string? readyMarker)
    {
        Name = name;
        _process = process;
        _readyMarker = readyMarker;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Tail => string.Join(Environment.NewLine, _tail);

    /// <summary>Starts <paramref name="assembly"/> (a file beside the tests); <paramref name="readyMarker"/> is a line fragment that <see cref="WaitReadyAsync"/> waits for.</summary>
    public static ChildProcess Start(string name, string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? readyMarker = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly);
        if (!File.Exists(path)) throw new FileNotFoundException($"{assembly} is not beside the tests.", path);
        // Under coreutils' timeout, so that a child outlives an aborted test run by minutes at most, not for ever
        // (a gateway retries its connection for as long as it runs).
        var info = new ProcessStartInfo("timeout")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("--signal=KILL");
        info.ArgumentList.Add(((int)MaxLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(path);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, readyMarker);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._ready.TrySetException(new InvalidOperationException($"{name} exited before it was ready:{Environment.NewLine}{child.Tail}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when a line containing the ready marker was written; fails if the process exits first.</summary>
    public Task WaitReadyAsync(TimeSpan timeout) => _ready.Task.WaitAsync(timeout);

    /// <summary>SIGKILL (the program and its timeout wrapper), and wait until the process is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _tail.Enqueue(line);
        while (_tail.Count > TailLines) _tail.TryDequeue(out _);
        if (_readyMarker is not null && line.Contains(_readyMarker, StringComparison.Ordinal)) _ready.TrySetResult();
    }
}
