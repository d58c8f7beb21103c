using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Hub;

/// <summary>
/// Rich replies, delivery state and the script library over a real socket: persona P operated by agents A and B,
/// persona Q by agent C (who must not reach P's scripts).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RichReplyTests(EngineHost engine) : IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly string _p = Unique("p"), _q = Unique("q"), _a = Unique("a"), _b = Unique("b"), _c = Unique("ag");

    public async Task InitializeAsync()
    {
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/agents/{_a}", new { name = "Amy" })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}", new { name = "小丸子", agentIds = new[] { _a, _b } })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_q}", new { name = "林医生", agentIds = new[] { _c } })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> AddCustomerAsync(string name)
    {
        var customer = Unique("c");
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body(
            Event(Unique("e"), "customer.added", customer, persona: _p, data: new { source = "store_qr", agentId = _a, properties = new { name } }))))
            .EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync(),
            v => (string?)v["ownerAgentId"] is not null && (string?)v["properties"]?["name"] == name, what: "customer ready");
        return customer;
    }

    private Task<JsonElement[]> OutboxAsync(string customer, Func<JsonElement[], bool> until, string what) =>
        Eventually.GetAsync(async () => await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?customerId={customer}", Web) ?? [], until, what: what);

    [Fact]
    public async Task Image_reply_lands_in_the_outbox_once_under_retry_and_its_delivery_reaches_the_other_agent()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var customer = await AddCustomerAsync("Mei");
        var clientId = Unique("m");
        var content = new { kind = "image", text = "本周会员日海报", mediaUrl = "https://cdn.example.test/member-day.jpg" };

        var sends = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => a.Connection.InvokeAsync<JsonElement>("Send", _p, customer, content, clientId)));

        var deliveryId = sends[0].GetProperty("deliveryId").GetString()!;
        Assert.All(sends, s => Assert.Equal(deliveryId, s.GetProperty("deliveryId").GetString()));
        var delivery = await b.WaitForAsync(f => f.Is("reply.delivery", customer), what: "B sees the delivery state");
        Assert.Equal((deliveryId, "sent"), (delivery.GetProperty("item").GetProperty("eventId").GetString(), delivery.GetProperty("item").GetProperty("text").GetString()));
        var rows = await OutboxAsync(customer, r => r.Length >= 1 && r[0].GetProperty("status").GetString() == "sent", "outbox sent");
        var row = Assert.Single(rows);
        Assert.Equal(("image", "本周会员日海报\nhttps://cdn.example.test/member-day.jpg"), (row.GetProperty("kind").GetString(), row.GetProperty("text").GetString()));
        var sent = b.Received.Where(f => f.Is("reply.sent", customer)).ToList();
        Assert.Single(sent);
        // Resync shows the same two items, once each.
        var page = await b.Connection.InvokeAsync<JsonElement>("SyncPersona", _p, 0L);
        Assert.Equal(1, page.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("kind").GetString() == "reply.delivery" && i.GetProperty("eventId").GetString() == deliveryId));
    }

    [Fact]
    public async Task Bad_rich_reply_is_refused_and_sends_nothing()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        var customer = await AddCustomerAsync("Mei");

        var ex = await Assert.ThrowsAsync<HubException>(() =>
            a.Connection.InvokeAsync<JsonElement>("Send", _p, customer, new { kind = "link", url = "javascript:alert(1)" }, Unique("m")));
        await Assert.ThrowsAsync<HubException>(() =>
            a.Connection.InvokeAsync<JsonElement>("Send", _p, customer, new { kind = "text", text = "hi", scriptId = "no-such-script" }, Unique("m")));

        Assert.Contains("url", ex.Message);
        Assert.Contains("title", ex.Message);
        await a.Connection.InvokeAsync<JsonElement>("Send", _p, customer, new { kind = "text", text = "marker" }, Unique("m"));
        var rows = await OutboxAsync(customer, r => r.Length >= 1, "the marker reply");
        Assert.Equal(["marker"], rows.Select(r => r.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Scripts_edited_by_one_agent_reach_the_other_and_render_for_the_customer()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        var customer = await AddCustomerAsync("Mei");
        var draft = new { name = "Welcome", category = "Greeting", text = "{{customer.name}}你好，我是{{persona.name}}的{{agent.name}}", imageUrl = "https://x.test/hi.png" };

        var saved = await a.Connection.InvokeAsync<JsonElement>("SaveScript", _p, "welcome", draft, 0L);
        var changed = await b.WaitForAsync(f => f.Kind() == "scripts.changed" && f.GetProperty("ownerId").GetString() == _p, what: "B told");
        var list = await b.Connection.InvokeAsync<JsonElement>("ListScripts", _p);
        var rendered = await a.Connection.InvokeAsync<JsonElement>("RenderScript", _p, customer, "welcome");
        var conflict = await Assert.ThrowsAsync<HubException>(() => b.Connection.InvokeAsync<JsonElement>("SaveScript", _p, "welcome", draft, 0L));

        Assert.Equal((1, _a), (saved.GetProperty("version").GetInt32(), saved.GetProperty("updatedBy").GetString()));
        Assert.Equal(_a, changed.GetProperty("item").GetProperty("agentId").GetString());
        Assert.Equal(["welcome"], list.GetProperty("scripts").EnumerateArray().Select(s => s.GetProperty("scriptId").GetString()));
        Assert.Equal(("Mei你好，我是小丸子的Amy", "https://x.test/hi.png"), (rendered.GetProperty("text").GetString(), rendered.GetProperty("imageUrl").GetString()));
        Assert.Contains("Conflict", conflict.Message);
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("ListScripts", _p));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync("DeleteScript", _p, "welcome", (long?)null));
        await b.Connection.InvokeAsync("DeleteScript", _p, "welcome", 1L);
        Assert.Empty((await a.Connection.InvokeAsync<JsonElement>("ListScripts", _p)).GetProperty("scripts").EnumerateArray());
    }
}
