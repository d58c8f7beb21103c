using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PrivateDomain.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's packages, shared by the PostgreSQL tests and the bench (linked
/// into both as source): initdb as the
/// postgres user into a temp folder, started on a free loopback port with fsync on, stopped and deleted on
/// dispose. Also runs the cluster's own tools (pgbench) against it.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;

    private ThrowawayPostgres(string root, string bin, int port)
    {
        Root = root;
        _bin = bin;
        Port = port;
    }

    public string Root { get; }

    public int Port { get; }

    public string Version => Path.GetFileName(Path.GetDirectoryName(_bin)) ?? "?";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBin();
        var root = Directory.CreateTempSubdirectory("pd-pg-").FullName;
        await RunAsync("chown", "postgres", root);
        var port = FreePort();
        var server = new ThrowawayPostgres(root, bin, port);
        await server.ToolAsync("initdb", "-D", server.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        await server.ToolAsync("pg_ctl", "-D", server.Data, "-l", Path.Combine(root, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on", "start");
        return server;
    }

    private string Data => Path.Combine(Root, "data");

    public Task CreateDatabaseAsync(string name) =>
        ToolAsync("createdb", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name);

    /// <summary>Runs one of the cluster's tools as the postgres user; returns its standard output.</summary>
    public Task<string> ToolAsync(string tool, params string[] args) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return await stdout;
    }

    private static string FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault();
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
