using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Hub;

/// <summary>
/// The console hub over a real socket: live pushes to the right agents only, replies and tags, resync, and
/// refusal of every foreign id. Tenant t1: persona P (agents A, B) and persona Q (agent C); tenant t2 has a
/// persona and agent with the very same ids as P and A.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ConsoleHubTests(EngineHost engine) : IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly string _p = Unique("p"), _q = Unique("q"), _a = Unique("a"), _b = Unique("b"), _c = Unique("ag");

    public async Task InitializeAsync()
    {
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}", new { name = "小丸子", agentIds = new[] { _a, _b } });
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_q}", new { name = "林医生", agentIds = new[] { _c } });
        await engine.Client(EngineHost.Key2).PutJsonAsync($"/api/v1/tenants/t2/personas/{_p}", new { name = "other tenant", agentIds = new[] { _a } });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> AddCustomerAsync(string persona, string? agent = null)
    {
        var customer = Unique("c");
        var ack = await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "customer.added", customer, persona: persona, data: new { source = "store_qr", agentId = agent })));
        ack.EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync(),
            v => (string?)v["ownerAgentId"] is not null, what: "owner assigned");
        return customer;
    }

    [Fact]
    public async Task Message_reaches_every_agent_of_the_persona_and_no_one_else()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await using var otherTenant = await ConsoleClient.ConnectAsync(engine, "t2", _a);
        var customer = await AddCustomerAsync(_p);

        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: _p, data: new { text = "请问有小样吗" })));

        var atA = await a.WaitForAsync(f => f.Is("message.direct", customer), what: "A's push");
        await b.WaitForAsync(f => f.Is("message.direct", customer), what: "B's push");
        Assert.Equal("请问有小样吗", atA.GetProperty("item").GetProperty("text").GetString());
        Assert.Equal("persona", atA.GetProperty("ownerKind").GetString());
        // Q's agent and the other tenant's same-named agent must see nothing of P: give them time to (wrongly) receive it.
        await Task.Delay(300);
        Assert.DoesNotContain(c.Received, f => f.Customer() == customer);
        Assert.DoesNotContain(otherTenant.Received, f => f.Customer() == customer);
    }

    [Fact]
    public async Task A_persona_assigned_after_the_console_connected_pushes_to_it_from_its_next_sync()
    {
        var (persona, agent) = (Unique("p"), Unique("a"));
        await using var console = await ConsoleClient.ConnectAsync(engine, "t1", agent);
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{persona}", new { name = "新号", agentIds = new[] { agent } });
        await console.Connection.InvokeAsync<JsonElement>("SyncPersona", persona, 0L);
        var customer = await AddCustomerAsync(persona);

        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: persona, data: new { text = "在吗" })));

        await console.WaitForAsync(f => f.Is("message.direct", customer), what: "push on the same connection");
    }

    [Fact]
    public async Task An_agent_removed_from_a_persona_stops_receiving_its_pushes_at_once()
    {
        var (persona, kept, removed) = (Unique("p"), Unique("a"), Unique("a"));
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{persona}", new { name = "旧号", agentIds = new[] { kept, removed } });
        await using var keeper = await ConsoleClient.ConnectAsync(engine, "t1", kept);
        await using var leaver = await ConsoleClient.ConnectAsync(engine, "t1", removed);
        var customer = await AddCustomerAsync(persona);
        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: persona, data: new { text = "第一条" })));
        await leaver.WaitForAsync(f => f.Is("message.direct", customer), what: "the push before removal");

        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{persona}", new { name = "旧号", agentIds = new[] { kept } });
        await Task.Delay(300);
        var before = leaver.Received.Count;
        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: persona, data: new { text = "第二条" })));

        await keeper.WaitForAsync(f => f.Is("message.direct", customer) && f.GetProperty("item").GetProperty("text").GetString() == "第二条", what: "the kept agent's push");
        await Task.Delay(300);
        Assert.DoesNotContain(leaver.Received.Skip(before), f => f.Customer() == customer);
    }

    [Fact]
    public async Task Material_open_notifies_the_sharing_agent_only()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var customer = await AddCustomerAsync(_p, _a);

        var sent = DateTime.UtcNow;
        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "behavior.material_open", customer, persona: _p,
            data: new { materialId = "serum-guide", sharedByAgentId = _a })));

        var radar = await a.WaitForAsync(f => f.Is("radar.material_open", customer), TimeSpan.FromSeconds(5), "radar");
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(2), "radar within a second or so");
        Assert.Equal("agent", radar.GetProperty("ownerKind").GetString());
        Assert.Contains("serum-guide", radar.GetProperty("item").GetProperty("text").GetString());
        await Task.Delay(300);
        Assert.DoesNotContain(b.Received, f => f.Kind() == "radar.material_open" && f.Customer() == customer);
    }

    [Fact]
    public async Task Reply_goes_to_the_outbox_once_and_the_other_agent_sees_it()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var customer = await AddCustomerAsync(_p);
        var clientId = Unique("m");

        var first = await a.Connection.InvokeAsync<JsonElement>("Reply", _p, customer, "有的，周末到店可以领取", clientId);
        await a.Connection.InvokeAsync<JsonElement>("Reply", _p, customer, "有的，周末到店可以领取", clientId);

        Assert.Equal($"reply:{_p}:{clientId}", first.GetProperty("deliveryId").GetString());
        await b.WaitForAsync(f => f.Is("reply.sent", customer), what: "B sees A's reply");
        var outbox = await Eventually.GetAsync(
            async () => await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?customerId={customer}", Web) ?? [],
            rows => rows.Length == 1 && rows[0].GetProperty("status").GetString() == "sent", what: "outbox sent");
        Assert.Equal("有的，周末到店可以领取", outbox[0].GetProperty("text").GetString());
        Assert.Equal(_a, outbox[0].GetProperty("agentId").GetString());
        Assert.Equal("wecom", outbox[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Tagging_updates_the_customer_and_pushes_the_change()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var customer = await AddCustomerAsync(_p);

        var view = await a.Connection.InvokeAsync<JsonElement>("TagCustomer", customer, "敏感肌", false);

        Assert.Contains("敏感肌", view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        await b.WaitForAsync(f => f.Is("customer.updated", customer), what: "B sees the tag");
        var rest = await (await _t1.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync();
        Assert.Contains("敏感肌", rest["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task Resync_returns_every_item_after_a_sequence_gap_free()
    {
        var customer = await AddCustomerAsync(_p);
        for (var i = 0; i < 3; i++)
            await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: _p, data: new { text = $"m{i}" })));
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);

        var page = await Eventually.GetAsync(() => a.Connection.InvokeAsync<JsonElement>("SyncPersona", _p, 0L),
            p => p.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("kind").GetString() == "message.direct") == 3, what: "feed");
        var sequences = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(sequences[^1], page.GetProperty("headSequence").GetInt64());
        var after = await a.Connection.InvokeAsync<JsonElement>("SyncPersona", _p, sequences[^2]);
        Assert.Single(after.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Group_messages_and_churn_alerts_reach_the_owning_personas_agents()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        var customer = await AddCustomerAsync(_p);
        var group = Unique("g");
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/groups/{group}", new { name = "福利群", ownerPersonaId = _p, sizeCap = 200 });

        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(
            Event(Unique("e"), "group.member_joined", customer, group),
            Event(Unique("e"), "chat.message", customer, group, data: new { text = "群里有人吗" }),
            Event(Unique("e"), "customer.removed", customer, persona: _p)));

        var message = await a.WaitForAsync(f => f.Is("message.group", customer), what: "group message");
        Assert.Equal(group, message.GetProperty("item").GetProperty("groupId").GetString());
        await a.WaitForAsync(f => f.Is("alert.churn", customer), what: "churn alert");
        var groupView = await a.Connection.InvokeAsync<JsonElement>("GetGroup", group);
        Assert.Equal(1, groupView.GetProperty("memberCount").GetInt32());
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetGroup", group));
        await Task.Delay(300);
        Assert.DoesNotContain(c.Received, f => f.Customer() == customer);
    }

    [Fact]
    public async Task Mark_read_clears_unread_for_every_console_of_the_persona()
    {
        var customer = await AddCustomerAsync(_p);
        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: _p, data: new { text = "在吗" })));
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        int Unread(System.Text.Json.Nodes.JsonNode persona) =>
            (int?)persona["conversations"]!.AsArray().FirstOrDefault(c => (string?)c!["customerId"] == customer)?["unread"] ?? -1;
        await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/personas/{_p}")).ReadAsync(), v => Unread(v) == 1, what: "unread 1");

        await a.Connection.InvokeAsync("MarkRead", _p, customer);

        var after = await (await _t1.GetAsync($"/api/v1/tenants/t1/personas/{_p}")).ReadAsync();
        Assert.Equal(0, Unread(after));
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync("MarkRead", _p, customer));
    }

    [Fact]
    public async Task Hello_lists_only_the_agents_own_personas()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        var hello = await a.Connection.InvokeAsync<JsonElement>("Hello");
        var personas = hello.GetProperty("personas").EnumerateArray().Select(p => p.GetProperty("personaId").GetString()).ToList();
        Assert.Equal([_p], personas);
        Assert.Contains(_a, hello.GetProperty("personas")[0].GetProperty("onlineAgentIds").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task Foreign_ids_are_refused_by_every_hub_method()
    {
        var ofP = await AddCustomerAsync(_p);
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await using var otherTenant = await ConsoleClient.ConnectAsync(engine, "t2", _a);

        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("SyncPersona", _p, 0L));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCustomer", ofP));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("TagCustomer", ofP, "x", false));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("Reply", _p, ofP, "hi", Unique("m")));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("Reply", _q, ofP, "hi", Unique("m")));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCustomer", "../../t2/x"));
        // Same persona and agent ids in another tenant give no access to t1's customer.
        await Assert.ThrowsAsync<HubException>(() => otherTenant.Connection.InvokeAsync<JsonElement>("GetCustomer", ofP));
        await Assert.ThrowsAsync<HubException>(() => otherTenant.Connection.InvokeAsync<JsonElement>("Reply", _p, ofP, "hi", Unique("m")));
        var outbox = await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?customerId={ofP}", Web);
        Assert.Empty(outbox!);
    }

    [Fact]
    public async Task Foreign_ids_are_refused_by_the_assignment_script_and_group_methods_and_nothing_leaks()
    {
        var ofP = await AddCustomerAsync(_p, _a);
        var ofQ = await AddCustomerAsync(_q, _c);
        var group = Unique("g");
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/groups/{group}", new { name = "福利群", ownerPersonaId = _p, sizeCap = 200 });
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}/scripts/greet", new { name = "Greeting", text = "您好" });
        await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", ofP, persona: _p, data: new { text = "在吗" })));
        var before = await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/personas/{_p}")).ReadAsync(),
            v => v["conversations"]!.AsArray().Any(x => (string?)x!["customerId"] == ofP), what: "the conversation with P's customer");
        var scriptsBefore = await (await _t1.GetAsync($"/api/v1/tenants/t1/personas/{_p}/scripts")).ReadAsync();
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await using var otherTenant = await ConsoleClient.ConnectAsync(engine, "t2", _a);
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        var draft = new { name = "Mine now", category = (string?)null, text = "hi" };
        var text = new { kind = "text", text = "hi" };

        // C operates Q only: P's ids, or P's customer under C's own persona Q, are refused by every method.
        foreach (var (who, persona) in new[] { (c, _p), (c, _q), (otherTenant, _p) })
        {
            var hub = who.Connection;
            var refused = new (string Method, Func<Task> Call)[]
            {
                ("ClaimConversation", () => hub.InvokeAsync<JsonElement>("ClaimConversation", persona, ofP, true)),
                ("TransferConversation", () => hub.InvokeAsync<JsonElement>("TransferConversation", persona, ofP, _c)),
                ("ResolveConversation", () => hub.InvokeAsync<JsonElement>("ResolveConversation", persona, ofP)),
                ("HoldConversation", () => hub.InvokeAsync<JsonElement>("HoldConversation", persona, ofP)),
                ("RenderScript", () => hub.InvokeAsync<JsonElement>("RenderScript", persona, ofP, "greet")),
                ("Send", () => hub.InvokeAsync<JsonElement>("Send", persona, ofP, text, Unique("m"))),
                ("PostToGroup", () => hub.InvokeAsync<JsonElement>("PostToGroup", persona, group, "hi", Unique("m"))),
                ("GetGroup", () => hub.InvokeAsync<JsonElement>("GetGroup", group)),
            };
            // The other tenant's agent operates a persona of the same id there: its persona-only calls act on its own tenant.
            if (who == c && persona == _p)
            {
                refused =
                [
                    .. refused,
                    ("ReleaseConversation", () => hub.InvokeAsync("ReleaseConversation", persona, ofP)),
                    ("ListScripts", () => hub.InvokeAsync<JsonElement>("ListScripts", persona)),
                    ("SaveScript", () => hub.InvokeAsync<JsonElement>("SaveScript", persona, "greet", draft, (long?)null)),
                    ("DeleteScript", () => hub.InvokeAsync("DeleteScript", persona, "greet", (long?)null)),
                    ("ListGroups", () => hub.InvokeAsync<JsonElement>("ListGroups", persona)),
                ];
            }
            foreach (var (method, call) in refused)
            {
                var error = await Record.ExceptionAsync(call);
                Assert.True(error is HubException, $"{method}({persona}, …) by {(who == c ? "C" : "the other tenant")} was not refused: {error?.Message ?? "it succeeded"}");
            }
        }
        // A operates P but may not hand P's conversation to an agent of another persona, nor touch Q's customer.
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("TransferConversation", _p, ofP, _c));
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("ClaimConversation", _p, ofQ, true));
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("RenderScript", _p, ofQ, "greet"));

        // Nothing changed on P, and nothing of P reached C or the other tenant.
        var after = await (await _t1.GetAsync($"/api/v1/tenants/t1/personas/{_p}")).ReadAsync();
        Assert.Equal(Conversation(before, ofP), Conversation(after, ofP));
        Assert.Equal(scriptsBefore.ToJsonString(), (await (await _t1.GetAsync($"/api/v1/tenants/t1/personas/{_p}/scripts")).ReadAsync()).ToJsonString());
        Assert.Empty((await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?customerId={ofP}", Web))!);
        Assert.Empty((await _t1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/t1/outbox?groupId={group}", Web))!);
        await Task.Delay(300);
        Assert.DoesNotContain(c.Received, f => f.Customer() == ofP || f.GetProperty("ownerId").GetString() == _p);
        Assert.DoesNotContain(otherTenant.Received, f => f.Customer() == ofP);
    }

    private static string Conversation(System.Text.Json.Nodes.JsonNode persona, string customer)
    {
        var conv = persona["conversations"]!.AsArray().First(x => (string?)x!["customerId"] == customer)!;
        return $"{(string?)conv["assignedAgentId"]}|{(string?)conv["status"]}|{conv["hold"]?.ToJsonString()}";
    }

    [Fact]
    public async Task Connecting_without_a_valid_token_is_refused()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(engine.BaseAddress, "/hubs/console"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("not-a-token"))
            .Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
        Assert.Contains("401", error.Message);
    }
}
