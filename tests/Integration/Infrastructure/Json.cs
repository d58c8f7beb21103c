using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateDomain.Tests.Integration.Infrastructure;

/// <summary>Building event batches and reading JSON answers.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static JsonObject Event(string id, string type, string? customer = null, string? group = null, string? persona = null,
        object? data = null, DateTimeOffset? at = null)
    {
        var e = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["occurredAt"] = (at ?? DateTimeOffset.UtcNow).ToString("O"),
            ["data"] = data is null ? new JsonObject() : JsonSerializer.SerializeToNode(data, Web),
        };
        if (customer is not null) e["customerId"] = customer;
        if (group is not null) e["groupId"] = group;
        if (persona is not null) e["personaId"] = persona;
        return e;
    }

    public static StringContent Body(params JsonNode[] events) => Raw(new JsonArray(events.Select(e => e.DeepClone()).ToArray()).ToJsonString());

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty JSON body.");

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, Web);

    /// <summary>A unique id per test run, so tests that share one engine never collide.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
}
