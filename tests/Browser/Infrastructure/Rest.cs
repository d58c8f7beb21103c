using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;

namespace PrivateDomain.Tests.Browser.Infrastructure;

/// <summary>Event batches and JSON reads against the engine's REST API that fail loudly (on top of the linked <see cref="Json"/>).</summary>
public static class Rest
{
    /// <summary>How long the fixtures wait for the engine to apply what they sent.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public static async Task PostEventsAsync(this HttpClient client, string tenant, params JsonObject[] events)
    {
        var response = await client.PostAsync($"/api/v1/tenants/{tenant}/events", Json.Body(events));
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Events refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException($"GET {path}: empty body");
    }
}
