using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Tests.Integration.Hub;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Handover;

/// <summary>An engine whose handovers wait two seconds instead of WeCom's 24 hours; the real wake-up dispatcher completes them.</summary>
public sealed class HandoverEngineHost : EngineHost
{
    protected override IEnumerable<string> ExtraArgs => ["--Handover:WaitingPeriod=00:00:02"];
}

/// <summary>
/// Handover over real Kestrel, the real wake-up index and real SignalR clients. Tenant t1: persona P run by the
/// giving agent A and the receiving agent B; S is a supervisor, N is not.
/// </summary>
public sealed class HandoverApiTests(HandoverEngineHost engine) : IClassFixture<HandoverEngineHost>, IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly string _p = Unique("p"), _a = Unique("a"), _b = Unique("b"), _s = Unique("s"), _n = Unique("n");

    public async Task InitializeAsync()
    {
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/agents/{_s}", new { name = "主管", supervisor = true })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/agents/{_n}", new { name = "导购" })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}", new { name = "小丸子", agentIds = new[] { _a, _b } })).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> AgentClientAsync(string agent)
    {
        var client = engine.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ConsoleClient.TokenAsync(engine, "t1", agent));
        return client;
    }

    /// <summary>A customer of P owned by A, with a message so it has a conversation in the inbox.</summary>
    private async Task<string> CustomerOfAAsync()
    {
        var c = Unique("c");
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body(
            Event(Unique("e"), "customer.added", c, persona: _p, data: new { source = "qr", agentId = _a }),
            Event(Unique("e"), "chat.message", c, persona: _p, data: new { text = "我的订单呢" })))).EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/customers/{c}")).ReadAsync(),
            v => (string?)v["ownerAgentId"] == _a, what: "owned by A");
        return c;
    }

    private async Task<string?> OwnerAsync(string c) => (string?)(await (await _t1.GetAsync($"/api/v1/tenants/t1/customers/{c}")).ReadAsync())["ownerAgentId"];

    private async Task<JsonElement> ConversationAsync(ConsoleClient console, string customer)
    {
        var hello = await console.Connection.InvokeAsync<JsonElement>("Hello");
        return hello.GetProperty("personas").EnumerateArray().Single(p => p.GetProperty("personaId").GetString() == _p)
            .GetProperty("conversations").EnumerateArray().Single(c => c.GetProperty("customerId").GetString() == customer);
    }

    [Fact]
    public async Task Supervisor_hands_customers_over_and_the_receiving_console_sees_them_arrive()
    {
        var (c1, c2) = (await CustomerOfAAsync(), await CustomerOfAAsync());
        await using var receiver = await ConsoleClient.ConnectAsync(engine, "t1", _b);
        await using var giver = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        var supervisor = await AgentClientAsync(_s);

        var created = await supervisor.PostAsJsonAsync("/api/v1/console/handovers",
            new { personaId = _p, fromAgentId = _a, toAgentId = _b, kind = "onTheJob", customerIds = new[] { c1, c2 } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.ReadAsync();
        var id = (string)view["handoverId"]!;
        Assert.Equal(2, (int)view["counts"]!["waiting"]!);
        var arrived = await receiver.WaitForAsync(f => f.Kind() == "handover.in", TimeSpan.FromSeconds(15), "arrival notification");
        Assert.Equal($"2 customers handed over from {_a}", arrived.GetProperty("item").GetProperty("text").GetString());
        Assert.Equal("agent", arrived.GetProperty("ownerKind").GetString());
        await giver.WaitForAsync(f => f.Kind() == "handover.out", what: "giver told");
        await giver.WaitForAsync(f => f.Is("conversation.assigned", c1), what: "giver sees it leave");
        Assert.Equal(_b, (await ConversationAsync(receiver, c1)).GetProperty("assignedAgentId").GetString());
        Assert.Equal("我的订单呢", (await ConversationAsync(receiver, c1)).GetProperty("lastText").GetString());
        Assert.Equal(_b, await OwnerAsync(c2));
        var done = await (await supervisor.GetAsync($"/api/v1/console/handovers/{id}")).ReadAsync();
        Assert.Equal(2, (int)done["counts"]!["completed"]!);
        var listed = await (await supervisor.GetAsync($"/api/v1/console/handovers?personaId={_p}")).ReadAsync();
        Assert.Contains(listed.AsArray(), h => (string?)h!["handoverId"] == id);
    }

    [Fact]
    public async Task A_non_supervisor_is_refused_with_403_and_nothing_changes()
    {
        var c = await CustomerOfAAsync();
        var agent = await AgentClientAsync(_n);

        var refused = await agent.PostAsJsonAsync("/api/v1/console/handovers",
            new { personaId = _p, fromAgentId = _a, toAgentId = _b, kind = "resigned" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/v1/console/handovers?personaId={_p}")).StatusCode);
        Assert.Empty((await (await _t1.GetAsync($"/api/v1/tenants/t1/handovers?personaId={_p}")).ReadAsync()).AsArray());
        Assert.Equal(_a, await OwnerAsync(c));
    }

    [Theory]
    [InlineData("kind", "sideways", null, false)]
    [InlineData("toAgentId", "onTheJob", "outsider", false)]
    [InlineData("customerIds[1]", "onTheJob", null, true)]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_changes(string field, string kind, string? to, bool foreignCustomer)
    {
        var c = await CustomerOfAAsync();
        var ids = foreignCustomer ? new[] { c, Unique("c") } : new[] { c };
        var supervisor = await AgentClientAsync(_s);

        var response = await supervisor.PostAsJsonAsync("/api/v1/console/handovers",
            new { personaId = _p, fromAgentId = _a, toAgentId = to ?? _b, kind, customerIds = ids });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadAsync())["errors"]![field]);
        Assert.Empty((await (await _t1.GetAsync($"/api/v1/tenants/t1/handovers?personaId={_p}")).ReadAsync()).AsArray());
        await Task.Delay(2500); // past the waiting period: had anything started, it would have moved
        Assert.Equal(_a, await OwnerAsync(c));
    }

    [Fact]
    public async Task A_customer_refusal_from_the_channel_callback_keeps_the_customer_with_the_giving_agent()
    {
        var c = await CustomerOfAAsync();
        var created = await _t1.PostAsJsonAsync("/api/v1/tenants/t1/handovers",
            new { personaId = _p, fromAgentId = _a, toAgentId = _b, kind = "onTheJob", customerIds = new[] { c } });
        var id = (string)(await created.ReadAsync())["handoverId"]!;

        var callback = await _t1.PostAsJsonAsync("/api/v1/tenants/t1/channels/wecom/transfer-events",
            new { personaId = _p, changeType = "transfer_fail", failReason = "customer_refused", userId = _b, externalUserId = c });

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        await Task.Delay(2500);
        var view = await (await _t1.GetAsync($"/api/v1/tenants/t1/handovers/{id}")).ReadAsync();
        Assert.Equal(1, (int)view["counts"]!["refused"]!);
        Assert.NotNull(view["finishedAt"]);
        Assert.Equal(_a, await OwnerAsync(c));
    }
}
