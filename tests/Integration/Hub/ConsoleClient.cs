using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Integration.Infrastructure;

namespace PrivateDomain.Tests.Integration.Hub;

/// <summary>A console as a browser would open it: a dev token, then the real SignalR client over WebSockets.</summary>
public sealed class ConsoleClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonElement> _received = new();

    private ConsoleClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("feed", item => _received.Enqueue(item));
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<JsonElement> Received => _received.ToList();

    public static async Task<ConsoleClient> ConnectAsync(EngineHost engine, string tenant, string agent)
    {
        var token = await TokenAsync(engine, tenant, agent);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(engine.BaseAddress, "/hubs/console"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new ConsoleClient(connection);
        await connection.StartAsync();
        return client;
    }

    public static async Task<string> TokenAsync(EngineHost engine, string tenant, string agent)
    {
        var response = await engine.Client().PostAsJsonAsync("/api/v1/dev/tokens", new { tenantId = tenant, agentId = agent });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Waits for a pushed item matching the predicate.</summary>
    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null, string? what = null) =>
        Eventually.GetAsync(() => Task.FromResult(Received.FirstOrDefault(match)), e => e.ValueKind != JsonValueKind.Undefined, timeout, what);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>Reading pushed feed messages.</summary>
public static class FeedJson
{
    public static string Kind(this JsonElement feed) => feed.GetProperty("item").GetProperty("kind").GetString()!;

    public static string? Customer(this JsonElement feed) =>
        feed.GetProperty("item").TryGetProperty("customerId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    public static bool Is(this JsonElement feed, string kind, string customer) => feed.Kind() == kind && feed.Customer() == customer;
}
