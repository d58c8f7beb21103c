using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Hub;

/// <summary>
/// The console's group view over a real socket: the persona's group list, the group's members, alerts and messages,
/// and posting as the persona. Tenant t1: persona P (agents A, B) owns group G; persona Q (agent C) owns group H.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GroupConsoleTests(EngineHost engine) : IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly string _p = Unique("p"), _q = Unique("q"), _a = Unique("a"), _b = Unique("b"), _c = Unique("ag");
    private readonly string _g = Unique("g"), _h = Unique("h");

    public async Task InitializeAsync()
    {
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}", new { name = "小丸子", agentIds = new[] { _a, _b } })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_q}", new { name = "林医生", agentIds = new[] { _c } })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/groups/{_g}", new { name = "福利群", ownerPersonaId = _p, sizeCap = 200 })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/groups/{_h}", new { name = "问诊群", ownerPersonaId = _q, sizeCap = 200 })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_post_lands_in_the_outbox_once_under_a_retried_client_id_and_reaches_the_other_agents_console()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var clientId = Unique("m");

        var first = await a.Connection.InvokeAsync<JsonElement>("PostToGroup", _p, _g, "今晚八点直播，准时开抢", clientId);
        var retried = await a.Connection.InvokeAsync<JsonElement>("PostToGroup", _p, _g, "今晚八点直播，准时开抢", clientId);

        Assert.Equal($"group:{_g}:{clientId}", first.GetProperty("deliveryId").GetString());
        Assert.Equal(first.GetProperty("deliveryId").GetString(), retried.GetProperty("deliveryId").GetString());
        var atB = await b.WaitForAsync(f => f.Kind() == "group.posted", what: "B sees A's post");
        Assert.Equal((_g, _a), (atB.GetProperty("item").GetProperty("groupId").GetString(), atB.GetProperty("item").GetProperty("agentId").GetString()));
        var outbox = await Eventually.GetAsync(
            async () => await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?groupId={_g}", Web) ?? [],
            rows => rows.Length == 1 && rows[0].GetProperty("status").GetString() == "sent", what: "outbox sent");
        Assert.Equal(("今晚八点直播，准时开抢", "wecom", _p, _a),
            (outbox[0].GetProperty("text").GetString(), outbox[0].GetProperty("channel").GetString(),
             outbox[0].GetProperty("personaId").GetString(), outbox[0].GetProperty("agentId").GetString()));
        var feed = await b.Connection.InvokeAsync<JsonElement>("SyncPersona", _p, 0L);
        Assert.Single(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "group.posted");
        var group = await b.Connection.InvokeAsync<JsonElement>("GetGroup", _g);
        var posted = Assert.Single(group.GetProperty("recentMessages").EnumerateArray());
        Assert.Equal(_a, posted.GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task A_foreign_personas_group_is_refused_and_nothing_is_posted()
    {
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var otherTenant = await ConsoleClient.ConnectAsync(engine, "t2", _a);

        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("PostToGroup", _p, _g, "hi", Unique("m")));
        // Naming its own persona does not open another persona's group, and an unknown group answers alike.
        var foreign = await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("PostToGroup", _q, _g, "hi", Unique("m")));
        var absent = await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("PostToGroup", _q, Unique("none"), "hi", Unique("m")));
        Assert.Equal(absent.Message, foreign.Message);
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("ListGroups", _p));
        await Assert.ThrowsAsync<HubException>(() => otherTenant.Connection.InvokeAsync<JsonElement>("PostToGroup", _p, _g, "hi", Unique("m")));
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("PostToGroup", _p, _g, " ", Unique("m")));
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("PostToGroup", _p, _g, "hi", "../x"));

        var outbox = await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?groupId={_g}", Web);
        Assert.Empty(outbox!);
    }

    [Fact]
    public async Task The_group_list_and_view_show_members_with_roles_figures_and_alerts_of_the_agents_personas_only()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        var (admin, chatty, late) = (Unique("c"), Unique("c"), Unique("c"));
        var now = DateTimeOffset.UtcNow;
        var events = new List<System.Text.Json.Nodes.JsonNode>
        {
            Event(Unique("e"), "group.member_joined", admin, _g, data: new { role = "admin" }),
            Event(Unique("e"), "group.member_joined", chatty, _g),
        };
        events.AddRange(Enumerable.Range(0, 5).Select(i => Event(Unique("e"), "chat.message", chatty, _g, data: new { text = $"加我领券 {i}" }, at: now.AddSeconds(i))));
        events.Add(Event(Unique("e"), "group.member_joined", late, _g));
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body([.. events]))).EnsureSuccessStatusCode();

        var group = await Eventually.GetAsync(() => a.Connection.InvokeAsync<JsonElement>("GetGroup", _g),
            g => g.GetProperty("alerts").GetArrayLength() > 0 && g.GetProperty("memberCount").GetInt32() == 3, what: "spam alert");
        var roles = group.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("customerId").GetString()!, m => m.GetProperty("role").GetString());
        Assert.Equal(new Dictionary<string, string?> { [admin] = "admin", [chatty] = "member", [late] = "member" }, roles);
        var spam = Assert.Single(group.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("spam", chatty), (spam.GetProperty("kind").GetString(), spam.GetProperty("customerId").GetString()));
        Assert.Equal(5, group.GetProperty("activity").GetProperty("messagesLast24h").GetInt32());

        var list = await a.Connection.InvokeAsync<JsonElement>("ListGroups", _p);
        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal((_g, 3, 200, 5, 1), (row.GetProperty("groupId").GetString(), row.GetProperty("memberCount").GetInt32(),
            row.GetProperty("sizeCap").GetInt32(), row.GetProperty("messagesLast24h").GetInt32(), row.GetProperty("alertCount").GetInt32()));
        await a.WaitForAsync(f => f.Kind() == "alert.group" && f.GetProperty("item").GetProperty("text").GetString()!.Contains("5 messages"), what: "spam alert pushed");
    }
}
