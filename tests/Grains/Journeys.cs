using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>Journey set-up shared by the grain tests: publish through the catalog grains, as the REST API does.</summary>
internal static class Journeys
{
    /// <summary>Saves <paramref name="json"/> as a draft, publishes it, and waits until the tenant's directory lists it.</summary>
    public static async Task PublishAsync(IGrainFactory grains, string tenant, string json)
    {
        var id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        var journey = grains.GetGrain<IJourneyGrain>(TenantKey.Compose(tenant, id));
        var saved = await journey.SaveDraftAsync(json);
        Assert.True(saved.IsOk, saved.Message);
        var published = await journey.PublishAsync();
        Assert.True(published.IsOk, published.Message);
        await EventuallyAsync(() => grains.GetGrain<IJourneyDirectoryGrain>(tenant).ListAsync(),
            list => list.Any(e => e.JourneyId == id && e.EntryVersion == 1));
    }

    /// <summary>A journey that sends every added customer to <paramref name="pool"/> (add_to_group) and exits.</summary>
    public static string JoinGroup(string pool) => $$"""
        {
          "id": "join-group", "name": "Join a group", "version": 1,
          "entry": { "type": "event", "event": "customer.added" },
          "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "start": "join",
          "steps": [
            { "id": "join", "type": "action", "action": { "type": "add_to_group", "pool": "{{pool}}" }, "next": "done" },
            { "id": "done", "type": "exit", "reason": "routed" }
          ]
        }
        """;
}
