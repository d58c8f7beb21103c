using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Process;

/// <summary>Promise: acknowledged events and grain state survive the engine process being killed and started again.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("pd-restart-").FullName;

    [Fact]
    public async Task State_survives_a_killed_process_and_acknowledged_events_are_applied_after_restart()
    {
        const string customer = "c-restart";
        JsonNode before;
        var purchase = Event("r2", "behavior.purchase", customer, data: new { orderId = "o-1", amount = 88, currency = "CNY" });
        await using (var engine = await EngineProcess.StartAsync(_data))
        {
            using var client = engine.Client();
            var ack = await client.PostAsync("/api/v1/tenants/t1/events", Body(
                Event("r1", "customer.added", customer, persona: "p1", data: new { source = "live_stream", tags = new[] { "kol" } }),
                purchase));
            Assert.Equal(HttpStatusCode.Accepted, ack.StatusCode);
            before = await Eventually.GetAsync(async () => await (await client.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync(),
                v => v["timeline"]?.AsArray().Count == 2, TimeSpan.FromSeconds(20), "applied before the kill");

            // Acknowledged, then killed at once: whatever the grains had not applied yet must still be applied later.
            var late = await client.PostAsync("/api/v1/tenants/t1/events", Body(
                Enumerable.Range(0, 50).Select(i => (JsonNode)Event($"late-{i}", "behavior.page_view", customer, data: new { title = $"p{i}" })).ToArray()));
            Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
            engine.Kill();
        }

        await using (var engine = await EngineProcess.StartAsync(_data))
        {
            using var client = engine.Client();
            var after = await Eventually.GetAsync(async () => await (await client.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync(),
                v => (long?)v["appliedSequence"] == 52, TimeSpan.FromSeconds(20), "applied after the restart");
            Assert.Equal((string?)before["sourceChannel"], (string?)after["sourceChannel"]);
            Assert.Equal(1, (int)after["rfm"]!["frequency"]!);
            Assert.Equal(88m, (decimal)after["rfm"]!["monetary"]!);
            Assert.Contains("kol", after["tags"]!.AsArray().Select(t => (string?)t));
            Assert.Equal(50, after["timeline"]!.AsArray().Count);

            // A resend of the acknowledged batch after the restart is recognised: all duplicates, applied once.
            var resend = await (await client.PostAsync("/api/v1/tenants/t1/events", Body(purchase))).ReadAsync();
            Assert.Equal(0, (int)resend["accepted"]!);
            Assert.Equal(1, (int)resend["duplicates"]!);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
