using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Journeys;

/// <summary>
/// A 30-day journey wait across engine restarts, on one data folder, in real time: the customer joined 30 days ago
/// less a few seconds (journeys decide with the event's time, so the wait comes due a few seconds after the test
/// starts). The engine is stopped before it comes due; the wake-up lives in the durable index, so the restarted
/// engine fires it, exactly once, and a further restart fires nothing.
/// </summary>
public sealed class JourneyWaitRestartTests : IAsyncLifetime
{
    private const string Key = "key-restart-0123456789";
    private readonly string _data = Directory.CreateTempSubdirectory("pd-wait-").FullName;
    private WebApplication? _app;

    private const string Journey = """
        {
          "id": "month-follow-up", "name": "Thirty days later", "version": 1,
          "entry": { "type": "event", "event": "customer.added" },
          "reentry": { "mode": "never" }, "maxConcurrent": 1,
          "start": "hello",
          "steps": [
            { "id": "hello", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "hello" }, "next": "wait" },
            { "id": "wait", "type": "wait", "duration": "30d", "next": "later" },
            { "id": "later", "type": "action", "action": { "type": "send_message", "kind": "text", "class": "service", "template": "thirty days on" }, "next": "done" },
            { "id": "done", "type": "exit" }
          ]
        }
        """;

    private async Task<HttpClient> StartAsync()
    {
        _app = EngineApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={_data}",
            $"--Engine:SiloPort={Ports.Free()}",
            $"--Engine:GatewayPort={Ports.Free()}",
            $"--Tenants:t1:IngestKey={Key}",
            "--Logging:LogLevel:Default=Warning",
        ], environment: "Development", contentRoot: AppContext.BaseDirectory);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Key);
        return client;
    }

    private async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private static async Task<List<string>> OutboxTextsAsync(HttpClient client, string customer)
    {
        var page = await (await client.GetAsync($"/api/v1/tenants/t1/outbox?customerId={customer}&limit=50")).ReadAsync();
        var items = page is JsonArray array ? array : page["items"] as JsonArray ?? [];
        return items.Select(i => (string?)i?["text"] ?? "").ToList();
    }

    [Fact]
    public async Task A_30_day_wait_fires_once_after_the_engine_restarts()
    {
        var joined = DateTimeOffset.UtcNow - TimeSpan.FromDays(30) + TimeSpan.FromSeconds(40);
        var customer = Unique("c");

        var client = await StartAsync();
        using (var draft = new StringContent(Journey, Encoding.UTF8, "application/json"))
            (await client.PutAsync("/api/v1/tenants/t1/journeys/month-follow-up/draft", draft)).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/v1/tenants/t1/journeys/month-follow-up/publish", null)).EnsureSuccessStatusCode();
        var ack = await client.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "customer.added", customer, persona: "p1",
            data: new { source = "store_qr", properties = new { timezone = AfternoonZone() } }, at: joined)));
        Assert.Equal(HttpStatusCode.Accepted, ack.StatusCode);
        await Eventually.GetAsync(() => OutboxTextsAsync(client, customer), texts => texts.Contains("hello"), TimeSpan.FromSeconds(30), "the first message");
        await StopAsync();

        Assert.True(DateTimeOffset.UtcNow < joined + TimeSpan.FromDays(30), "stopped before the wait came due");

        // The restarted engine's dispatcher finds the wait in the durable index when it comes due.
        client = await StartAsync();
        var texts = await Eventually.GetAsync(() => OutboxTextsAsync(client, customer), t => t.Contains("thirty days on"),
            TimeSpan.FromSeconds(60), "the message after the wait");
        Assert.Single(texts, t => t == "hello");
        Assert.Single(texts, t => t == "thirty days on");
        await StopAsync();

        // Once more: nothing fires twice.
        client = await StartAsync();
        await Task.Delay(1_500);
        texts = await OutboxTextsAsync(client, customer);
        Assert.Single(texts, t => t == "thirty days on");
        var view = await (await client.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync();
        Assert.Empty(view["journeys"]!.AsArray());
    }

    /// <summary>A fixed-offset zone where it is early afternoon now, so the default quiet hours defer nothing.</summary>
    private static string AfternoonZone()
    {
        var offset = (13 - DateTime.UtcNow.Hour + 24) % 24;
        if (offset > 14) offset -= 24;
        return offset == 0 ? "Etc/GMT" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_data, true); } catch (IOException) { }
    }
}
