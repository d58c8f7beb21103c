using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace PrivateDomain.Bench;

/// <summary>
/// Real SignalR consoles that time every pushed item whose text carries "ts:&lt;stopwatch ticks&gt;" (the moment
/// the load generator created it), so push latency is measured end to end on the client side.
/// </summary>
internal sealed class BenchConsoles : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly ConcurrentBag<long> _latencies = [];

    public int Received => _latencies.Count;

    public static async Task<BenchConsoles> ConnectAsync(Uri baseAddress, string tenant, IEnumerable<string> agents)
    {
        var consoles = new BenchConsoles();
        using var http = new HttpClient { BaseAddress = baseAddress };
        foreach (var agent in agents)
        {
            var token = (await (await http.PostAsJsonAsync("/api/v1/dev/tokens", new { tenantId = tenant, agentId = agent }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, "/hubs/console"), o => o.AccessTokenProvider = () => Task.FromResult(token))
                .Build();
            connection.On<JsonElement>("feed", consoles.Record);
            await connection.StartAsync();
            consoles._connections.Add(connection);
        }
        return consoles;
    }

    /// <summary>Forgets what was measured so far (e.g. after warm-up or between engine and baseline).</summary>
    public void Reset() => _latencies.Clear();

    public Latencies Snapshot() => new(_latencies);

    public static string Stamp() => "ts:" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

    private void Record(JsonElement feed)
    {
        var text = feed.GetProperty("item").GetProperty("text").GetString();
        if (text is null || !text.StartsWith("ts:", StringComparison.Ordinal)) return;
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        if (long.TryParse(end < 0 ? text[3..] : text[3..end], CultureInfo.InvariantCulture, out var sent))
            _latencies.Add(Stopwatch.GetTimestamp() - sent);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _connections) await c.DisposeAsync();
    }
}
