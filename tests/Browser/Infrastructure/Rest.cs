using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateDomain.Tests.Browser.Infrastructure;

/// <summary>Event batches and JSON reads against the engine's REST API (a small copy of the integration tests' helpers).</summary>
public static class Rest
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static JsonObject Event(string id, string type, string customer, string? persona = null, object? data = null) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["customerId"] = customer,
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["data"] = data is null ? new JsonObject() : JsonSerializer.SerializeToNode(data, Web),
        ["personaId"] = persona,
    };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task PostEventsAsync(this HttpClient client, string tenant, params JsonObject[] events)
    {
        foreach (var e in events) if (e["personaId"] is null) e.Remove("personaId");
        var response = await client.PostAsync($"/api/v1/tenants/{tenant}/events", Json(new JsonArray(events).ToJsonString()));
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Events refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException($"GET {path}: empty body");
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds, bounded (events are applied after the 202).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}; last value: {last}");
            await Task.Delay(50);
        }
    }

    /// <summary>A unique id, so reruns against one engine never collide.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
