using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Hub;

/// <summary>
/// Campaigns in the console hub over a real socket. Tenant t1: persona P run by agents A and B and supervisor S (A owns
/// customers 1 and 2, B owns customer 3); persona Q run by agent C (owns customer 4). Campaign K reaches P's three
/// customers on wecom (a task for A, one for B); campaign L reaches Q's customer only.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class CampaignConsoleHubTests(EngineHost engine) : IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly string _p = Unique("p"), _q = Unique("q"), _a = Unique("a"), _b = Unique("b"), _c = Unique("ag"), _s = Unique("s");
    private readonly string _k = Unique("k"), _l = Unique("l");
    private readonly string[] _customers = [Unique("c1"), Unique("c2"), Unique("c3"), Unique("c4")];

    public async Task InitializeAsync()
    {
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/agents/{_s}", new { name = "主管", supervisor = true })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_p}", new { name = "小丸子", agentIds = new[] { _a, _b, _s } })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/personas/{_q}", new { name = "林医生", agentIds = new[] { _c } })).EnsureSuccessStatusCode();
        string[] owners = [_a, _a, _b, _c];
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body(_customers.Select((c, i) =>
            Event(Unique("e"), "customer.added", c, persona: i < 3 ? _p : _q, data: new { source = "qr", agentId = owners[i] }))
            .ToArray()))).EnsureSuccessStatusCode();
        for (var i = 0; i < _customers.Length; i++)
        {
            var (customer, owner) = (_customers[i], owners[i]);
            await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/customers/{customer}")).ReadAsync(),
                v => (string?)v["ownerAgentId"] == owner, what: $"{customer} owned by {owner}");
        }
        await CreateAsync(_k, "春季上新", _customers[..3]);
        await CreateAsync(_l, "复诊提醒", _customers[3..]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task CreateAsync(string campaignId, string name, string[] customers)
    {
        var spec = new CampaignSpec(name, new CampaignAudience(CustomerIds: customers), new CampaignMessage("text", "{{customer.name}}您好，{{persona.name}}的新品到了"), Channel: "wecom");
        var campaign = Campaign(campaignId);
        await campaign.CreateAsync(spec, "ops");
        await Eventually.GetAsync(campaign.GetAsync, v => v is { Tasks.Count: > 0, Counts.Held: > 0 }, TimeSpan.FromSeconds(20), $"{campaignId} planned");
    }

    private ICampaignGrain Campaign(string campaignId) => engine.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>($"t1/{campaignId}");

    /// <summary>The server's words, without the client's "… invoking 'Method' on the server." prefix.</summary>
    private static string Reason(HubException e) => e.Message[(e.Message.IndexOf("HubException:", StringComparison.Ordinal) + 1)..];

    private static JsonElement[] Tasks(JsonElement campaign) => campaign.GetProperty("tasks").EnumerateArray().ToArray();

    [Fact]
    public async Task An_agent_lists_reads_and_confirms_their_task_and_the_held_messages_go_out()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        // Planned before A connected: the task notice waits in A's own feed.
        var feed = await a.Connection.InvokeAsync<JsonElement>("SyncAgent", 0L);
        var notice = Assert.Single(feed.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("kind").GetString() == "campaign.task" && i.GetProperty("eventId").GetString()!.StartsWith($"{_k}/"));
        Assert.Equal(_p, notice.GetProperty("personaId").GetString());

        var list = await a.Connection.InvokeAsync<JsonElement[]>("ListCampaigns", _p);
        var row = Assert.Single(list, r => r.GetProperty("campaignId").GetString() == _k);
        Assert.Equal(1, row.GetProperty("toConfirm").GetInt32());
        Assert.DoesNotContain(list, r => r.GetProperty("campaignId").GetString() == _l);

        var view = await a.Connection.InvokeAsync<JsonElement>("GetCampaign", _p, _k);
        Assert.Equal(("春季上新", "wecom", false), (view.GetProperty("name").GetString(), view.GetProperty("channel").GetString(), view.GetProperty("canControl").GetBoolean()));
        Assert.Equal(3, view.GetProperty("counts").GetProperty("held").GetInt64());
        var tasks = Tasks(view);
        Assert.Equal(2, tasks.Length);
        var mine = Assert.Single(tasks, t => t.GetProperty("mine").GetBoolean());
        var bs = Assert.Single(tasks, t => !t.GetProperty("mine").GetBoolean());
        Assert.Equal((_a, 2, "open"), (mine.GetProperty("agentId").GetString(), mine.GetProperty("deliveries").GetInt32(), mine.GetProperty("state").GetString()));
        Assert.Equal(_b, bs.GetProperty("agentId").GetString());

        // B's task is not A's to confirm: refused by the grain, nothing released.
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("ConfirmCampaignTask", _p, _k, bs.GetProperty("taskId").GetString()));
        var confirmed = await a.Connection.InvokeAsync<JsonElement>("ConfirmCampaignTask", _p, _k, mine.GetProperty("taskId").GetString());
        var after = Assert.Single(Tasks(confirmed), t => t.GetProperty("taskId").GetString() == mine.GetProperty("taskId").GetString());
        Assert.Equal(("confirmed", _a), (after.GetProperty("state").GetString(), after.GetProperty("confirmedBy").GetString()));

        var sent = await Eventually.GetAsync(() => a.Connection.InvokeAsync<JsonElement>("GetCampaign", _p, _k),
            v => v.GetProperty("counts").GetProperty("sent").GetInt64() == 2, TimeSpan.FromSeconds(15), "A's two messages sent");
        Assert.Equal(1, sent.GetProperty("counts").GetProperty("held").GetInt64());
        await a.WaitForAsync(f => f.Kind() == "campaign.progress", TimeSpan.FromSeconds(10), "progress on the persona feed");
        var listed = await a.Connection.InvokeAsync<JsonElement[]>("ListCampaigns", _p);
        Assert.Equal(0, listed.Single(r => r.GetProperty("campaignId").GetString() == _k).GetProperty("toConfirm").GetInt32());
        Assert.Empty(await a.Connection.InvokeAsync<JsonElement[]>("GetCampaignGroups", _p, _k));
    }

    [Fact]
    public async Task Another_personas_or_tenants_campaign_answers_like_an_unknown_one()
    {
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);
        await using var otherTenant = await ConsoleClient.ConnectAsync(engine, "t2", _a);

        var unknown = await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCampaign", _q, Unique("none")));
        var foreign = await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCampaign", _q, _k));
        Assert.Equal(Reason(unknown), Reason(foreign));
        var foreignGroups = await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCampaignGroups", _q, _k));
        Assert.Equal(Reason(unknown), Reason(foreignGroups));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCampaign", _p, _k));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement[]>("ListCampaigns", _p));
        await Assert.ThrowsAsync<HubException>(() => otherTenant.Connection.InvokeAsync<JsonElement>("GetCampaign", _p, _k));
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("GetCampaign", _q, "../x"));

        var kTask = (await Campaign(_k).GetAsync())!.Tasks[0].TaskId;
        await Assert.ThrowsAsync<HubException>(() => c.Connection.InvokeAsync<JsonElement>("ConfirmCampaignTask", _q, _k, kTask));

        // C's own campaign is there, with only Q's task.
        var own = await c.Connection.InvokeAsync<JsonElement>("GetCampaign", _q, _l);
        Assert.Equal(_c, Assert.Single(Tasks(own)).GetProperty("agentId").GetString());
        var list = await c.Connection.InvokeAsync<JsonElement[]>("ListCampaigns", _q);
        Assert.Equal([_l], list.Select(r => r.GetProperty("campaignId").GetString()).Where(id => id == _k || id == _l));

        var k2 = await Campaign(_k).GetAsync();
        Assert.All(k2!.Tasks, t => Assert.Equal(CampaignTaskStates.Open, t.State));
    }

    [Fact]
    public async Task Group_results_show_only_the_personas_own_groups_with_their_names()
    {
        var (g, h, m) = (Unique("g"), Unique("h"), Unique("m"));
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/groups/{g}", new { name = "福利群", ownerPersonaId = _p, sizeCap = 200 })).EnsureSuccessStatusCode();
        (await _t1.PutJsonAsync($"/api/v1/tenants/t1/groups/{h}", new { name = "问诊群", ownerPersonaId = _q, sizeCap = 200 })).EnsureSuccessStatusCode();
        (await _t1.PostAsync("/api/v1/tenants/t1/events", Body(
            Event(Unique("e"), "group.member_joined", Unique("m1"), g), Event(Unique("e"), "group.member_joined", Unique("m2"), g),
            Event(Unique("e"), "group.member_joined", Unique("m3"), h)))).EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/groups/{h}")).ReadAsync(), v => (int?)v["memberCount"] == 1, what: "members joined");
        await Eventually.GetAsync(async () => await (await _t1.GetAsync($"/api/v1/tenants/t1/groups/{g}")).ReadAsync(), v => (int?)v["memberCount"] == 2, what: "members joined");
        var spec = new CampaignSpec("群公告", new CampaignAudience(GroupIds: [g, h]), new CampaignMessage("text", "{{group.name}}的朋友们好"), Channel: "wecom");
        await Campaign(m).CreateAsync(spec, "ops");
        await Eventually.GetAsync(Campaign(m).GetAsync, v => v is { Counts.Deliveries: 2, Tasks.Count: 2 }, TimeSpan.FromSeconds(20), "two group posts planned");
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var c = await ConsoleClient.ConnectAsync(engine, "t1", _c);

        var atA = Assert.Single(await a.Connection.InvokeAsync<JsonElement[]>("GetCampaignGroups", _p, m));
        Assert.Equal((g, "福利群", 2), (atA.GetProperty("groupId").GetString(), atA.GetProperty("name").GetString(), atA.GetProperty("members").GetInt64()));
        var atC = Assert.Single(await c.Connection.InvokeAsync<JsonElement[]>("GetCampaignGroups", _q, m));
        Assert.Equal(h, atC.GetProperty("groupId").GetString());
        // Each persona's console holds only its own task.
        Assert.All(Tasks(await a.Connection.InvokeAsync<JsonElement>("GetCampaign", _p, m)), t => Assert.Contains(t.GetProperty("agentId").GetString(), new[] { null, _a, _b, _s }));
        Assert.Single(Tasks(await c.Connection.InvokeAsync<JsonElement>("GetCampaign", _q, m)));
    }

    [Fact]
    public async Task Only_a_supervisor_pauses_resumes_and_cancels()
    {
        await using var a = await ConsoleClient.ConnectAsync(engine, "t1", _a);
        await using var s = await ConsoleClient.ConnectAsync(engine, "t1", _s);

        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("PauseCampaign", _p, _k));
        await Assert.ThrowsAsync<HubException>(() => a.Connection.InvokeAsync<JsonElement>("CancelCampaign", _p, _k));
        var untouched = await a.Connection.InvokeAsync<JsonElement>("GetCampaign", _p, _k);
        Assert.NotEqual("paused", untouched.GetProperty("state").GetString());
        Assert.Equal(3, untouched.GetProperty("counts").GetProperty("held").GetInt64());

        var paused = await s.Connection.InvokeAsync<JsonElement>("PauseCampaign", _p, _k);
        Assert.Equal(("paused", true), (paused.GetProperty("state").GetString(), paused.GetProperty("canControl").GetBoolean()));
        var resumed = await s.Connection.InvokeAsync<JsonElement>("ResumeCampaign", _p, _k);
        Assert.NotEqual("paused", resumed.GetProperty("state").GetString());
        // A supervisor of P still cannot reach Q's campaign.
        await Assert.ThrowsAsync<HubException>(() => s.Connection.InvokeAsync<JsonElement>("PauseCampaign", _p, _l));
        var cancelled = await s.Connection.InvokeAsync<JsonElement>("CancelCampaign", _p, _k);
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        await Assert.ThrowsAsync<HubException>(() => s.Connection.InvokeAsync<JsonElement>("ResumeCampaign", _p, _k));
        var l = await Campaign(_l).GetAsync();
        Assert.NotEqual(CampaignStates.Cancelled, l!.State);
    }
}
