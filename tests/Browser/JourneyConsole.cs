using System.Text.Json.Nodes;
using PrivateDomain.Tests.Browser.Infrastructure;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Browser;

/// <summary>
/// An engine with one published journey in t1 ("hello" and "tip" messages, then a 3-day wait) and three customers who
/// entered it: one whose local time is 02:xx (quiet hours defer both messages), one at 14:xx (hello sent, tip deferred
/// by the 30-minute gap) and one who then bought (the goal converts and exits it at the wait).
/// </summary>
public sealed class JourneyConsole : ConsoleEngine
{
    public const string JourneyId = "browser-welcome";
    public string QuietCustomer { get; } = Unique("quiet");
    public string DayCustomer { get; } = Unique("day");
    public string Buyer { get; } = Unique("buyer");

    public HttpClient T1 { get; private set; } = null!;

    public static string Definition(string id) => $$"""
        {
          "id": "{{id}}", "name": "Browser welcome", "version": 1,
          "description": "Hello and a tip, then three days of quiet.",
          "entry": { "type": "event", "event": "customer.added" },
          "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "goal": { "event": "behavior.purchase" },
          "start": "hello",
          "steps": [
            { "id": "hello", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "Hi there!" }, "next": "tip" },
            { "id": "tip", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "A tip for you." }, "next": "wait" },
            { "id": "wait", "type": "wait", "duration": "3d", "next": "done" },
            { "id": "done", "type": "exit", "reason": "finished" }
          ]
        }
        """;

    /// <summary>An IANA zone (Etc/GMT±n) whose local hour is <paramref name="localHour"/> now.</summary>
    public static string ZoneAt(int localHour)
    {
        var offset = ((localHour - DateTimeOffset.UtcNow.Hour) % 24 + 24) % 24;
        if (offset > 14) offset -= 24;
        // POSIX-style names: Etc/GMT-3 is UTC+3.
        return offset == 0 ? "Etc/UTC" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
    }

    public static async Task PublishAsync(HttpClient client, string tenant, string id)
    {
        var root = $"/api/v1/tenants/{tenant}/journeys/{id}";
        (await client.PutAsync($"{root}/draft", Raw(Definition(id)))).EnsureSuccessStatusCode();
        (await client.PostAsync($"{root}/publish", null)).EnsureSuccessStatusCode();
    }

    public Task<JsonNode> StatsAsync() => T1.GetJsonAsync($"/api/v1/tenants/{Tenant1}/journeys/{JourneyId}/stats");

    public Task<JsonNode> CustomerAsync(string id) => T1.GetJsonAsync($"/api/v1/tenants/{Tenant1}/customers/{id}");

    public Task AddCustomerAsync(string id, string zone) => T1.PostEventsAsync(Tenant1,
        Event(Unique("add"), "customer.added", id, persona: Persona, data: new { source = "store_qr", properties = new Dictionary<string, string> { ["timezone"] = zone } }));

    /// <summary>Every customer who entered has had both messages decided, and the buyer converted.</summary>
    public static bool Settled(JsonNode v)
    {
        var steps = v["steps"]!.AsArray().ToDictionary(s => (string)s!["stepId"]!, s => s!);
        long Decided(string step) => steps.TryGetValue(step, out var s)
            ? (long)s["sent"]! + new[] { "deferred", "dropped", "skipped" }.Sum(k => s[k]!.AsObject().Sum(r => (long)r.Value!))
            : 0;
        var entered = (long)v["entered"]!;
        return (long)v["converted"]! >= 1 && Decided("hello") == entered && Decided("tip") == entered
            && steps.TryGetValue("wait", out var wait) && (long)wait["entered"]! == entered;
    }

    protected override async Task SeedAsync()
    {
        T1 = Client(Key1);
        (await T1.PutAsync($"/api/v1/tenants/{Tenant1}/personas/{Persona}", Raw($$"""{ "name": "Lily", "agentIds": ["{{Agent}}"] }"""))).EnsureSuccessStatusCode();
        await PublishAsync(T1, Tenant1, JourneyId);
        // The directory tells the customers' silo about the new version a moment later: nudge probes in until one enters.
        await Eventually.GetAsync(async () =>
        {
            var probe = Unique("probe");
            await AddCustomerAsync(probe, ZoneAt(14));
            await Task.Delay(100);
            return (long)(await StatsAsync())["versions"]![0]!["entered"]!;
        }, entered => entered > 0, Rest.Settle, "a first customer in the journey");

        await AddCustomerAsync(QuietCustomer, ZoneAt(2));
        await AddCustomerAsync(DayCustomer, ZoneAt(14));
        await AddCustomerAsync(Buyer, ZoneAt(14));
        await Eventually.GetAsync(() => CustomerAsync(Buyer), c => c["journeys"]!.AsArray().Count == 1, Rest.Settle, "the buyer in the journey");
        await T1.PostEventsAsync(Tenant1,
            Event(Unique("buy"), "behavior.purchase", Buyer, data: new { orderId = Unique("o"), amount = 99 }),
            Event(Unique("msg"), "chat.message", QuietCustomer, persona: Persona, data: new { text = "hello?" }));
        await Eventually.GetAsync(async () => (await StatsAsync())["versions"]![0]!, Settled, Rest.Settle, "settled journey stats");
    }
}
