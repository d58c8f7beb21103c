using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Hub;

/// <summary>
/// Claim, transfer, resolve and the "is replying" hold over a real socket. Tenant t1: persona P (agents A, B) and
/// persona Q (agent C).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ConversationAssignmentTests(EngineHost engine) : IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly string _p = Unique("p"), _q = Unique("q"), _a = Unique("a"), _b = Unique("b"), _c = Unique("ag");

    public async Task InitializeAsync()
    {
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}", new { name = "小丸子", agentIds = new[] { _a, _b } });
        await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_q}", new { name = "林医生", agentIds = new[] { _c } });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A customer of P (owned by B) who has written, so the conversation is open with B.</summary>
    private async Task<string> ConversationWithBAsync(ConsoleClient watcher)
    {
        var customer = Unique("c");
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "customer.added", customer, persona: _p, data: new { source = "store_qr", agentId = _b }))))
            .EnsureSuccessStatusCode();
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "chat.message", customer, persona: _p, data: new { text = "在吗" }))))
            .EnsureSuccessStatusCode();
        await watcher.WaitForAsync(f => f.Is("message.direct", customer), what: "the customer's message");
        return customer;
    }

    private static string Agent(JsonElement feed) => feed.GetProperty("item").GetProperty("agentId").GetString()!;

    [Fact]
    public async Task A_claim_by_one_agent_is_seen_live_by_the_other()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var customer = await ConversationWithBAsync(b);

        var asked = await a.Connection.InvokeAsync<JsonElement>("ClaimConversation", _p, customer, false);
        var claimed = await a.Connection.InvokeAsync<JsonElement>("ClaimConversation", _p, customer, true);

        Assert.Equal("confirm_required", asked.GetProperty("outcome").GetString());
        Assert.Equal("claimed", claimed.GetProperty("outcome").GetString());
        Assert.Equal(_a, claimed.GetProperty("conversation").GetProperty("assignedAgentId").GetString());
        var seen = await b.WaitForAsync(f => f.Is("conversation.claimed", customer), what: "B sees A's claim");
        Assert.Equal(_a, Agent(seen));

        var transferred = await a.Connection.InvokeAsync<JsonElement>("TransferConversation", _p, customer, _b);
        Assert.Equal("transferred", transferred.GetProperty("outcome").GetString());
        await b.WaitForAsync(f => f.Is("conversation.transferred", customer) && Agent(f) == _b, what: "B sees the transfer to B");
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("ResolveConversation", _p, customer));
        var resolved = await b.Connection.InvokeAsync<JsonElement>("ResolveConversation", _p, customer);
        Assert.Equal("resolved", resolved.GetProperty("conversation").GetProperty("status").GetString());
        await a.WaitForAsync(f => f.Is("conversation.resolved", customer), what: "A sees B resolve it");
    }

    [Fact]
    public async Task Foreign_personas_conversations_and_agents_are_refused()
    {
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await using var otherTenant = await ConsoleClient.ConnectAsync(engine, "t2", _b);
        var customer = await ConversationWithBAsync(b);

        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("ClaimConversation", _p, customer, true));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("ClaimConversation", _q, customer, true));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("HoldConversation", _p, customer));
        await Assert.ThrowsAsync<HubException>(() => otherTenant.Connection.InvokeAsync<JsonElement>("ClaimConversation", _p, customer, true));
        // Transfer only to an agent of the same persona.
        await Assert.ThrowsAsync<HubException>(() => b.Connection.InvokeAsync<JsonElement>("TransferConversation", _p, customer, _c));

        var hello = await b.Connection.InvokeAsync<JsonElement>("Hello");
        var conversation = hello.GetProperty("personas").EnumerateArray().Single(p => p.GetProperty("personaId").GetString() == _p)
            .GetProperty("conversations").EnumerateArray().Single(x => x.GetProperty("customerId").GetString() == customer);
        Assert.Equal(_b, conversation.GetProperty("assignedAgentId").GetString());
        Assert.DoesNotContain(c.Received, f => f.Customer() == customer);
    }

    [Fact]
    public async Task A_hold_is_seen_by_the_colleague_and_released_when_the_holder_disconnects()
    {
        await using var b = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        var customer = await ConversationWithBAsync(b);

        var hold = await a.Connection.InvokeAsync<JsonElement>("HoldConversation", _p, customer);
        Assert.Equal(_a, hold.GetProperty("agentId").GetString());
        await b.WaitForAsync(f => f.Is("conversation.held", customer) && Agent(f) == _a, what: "B sees A replying");
        var seenByB = await b.Connection.InvokeAsync<JsonElement>("HoldConversation", _p, customer);
        Assert.Equal(_a, seenByB.GetProperty("agentId").GetString());
        var hello = await b.Connection.InvokeAsync<JsonElement>("Hello");
        var inView = hello.GetProperty("personas").EnumerateArray().Single(p => p.GetProperty("personaId").GetString() == _p)
            .GetProperty("conversations").EnumerateArray().Single(x => x.GetProperty("customerId").GetString() == customer);
        Assert.Equal(_a, inView.GetProperty("hold").GetProperty("agentId").GetString());

        await a.DisposeAsync();

        await b.WaitForAsync(f => f.Is("conversation.released", customer) && Agent(f) == _a, what: "A's hold ends with A's connection");
        var taken = await b.Connection.InvokeAsync<JsonElement>("HoldConversation", _p, customer);
        Assert.Equal(_b, taken.GetProperty("agentId").GetString());
    }
}
