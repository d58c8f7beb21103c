using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

[Collection(EngineCollection.Name)]
public sealed class GroupSopApiTests(EngineHost engine)
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private const string Root = $"/api/v1/tenants/{EngineHost.Tenant1}";

    private static async Task<List<string>> ErrorKeysAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.ReadAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
    }

    private static object Sop(string schedule = "09:00") => new
    {
        items = new object[]
        {
            new { id = "topic", kind = "topic", text = "今日话题", schedule },
            new { id = "checkin", kind = "checkin", text = "打卡开始", schedule = "Mon 07:30", keyword = "签到", rewards = new[] { new { days = 3, text = "5元券" } } },
        },
        cadence = new { maxPostsPerDay = 5, quietStart = "23:00", quietEnd = "07:00" },
    };

    [Fact]
    public async Task A_put_sop_is_read_back_with_its_cadence_and_next_due_time()
    {
        var group = Unique("g");
        var put = await _t1.PutJsonAsync($"{Root}/groups/{group}/sop", Sop());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var view = await (await _t1.GetAsync($"{Root}/groups/{group}/sop")).ReadAsync();

        Assert.Equal(["topic", "checkin"], view["items"]!.AsArray().Select(i => (string?)i!["id"]));
        Assert.Equal(("签到", 3), ((string?)view["items"]![1]!["keyword"], (int)view["items"]![1]!["rewards"]![0]!["days"]!));
        var cadence = view["cadence"]!;
        Assert.Equal((5, "23:00", "07:00", "Asia/Shanghai", 30), ((int)cadence["maxPostsPerDay"]!, (string?)cadence["quietStart"],
            (string?)cadence["quietEnd"], (string?)cadence["timeZone"], (int)cadence["minGapMinutes"]!));
        Assert.NotNull((string?)view["nextDueAt"]);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing()
    {
        var group = Unique("g");
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/groups/{group}/sop", Sop())).StatusCode);

        Assert.Equal(["items[0].schedule"], await ErrorKeysAsync(await _t1.PutJsonAsync($"{Root}/groups/{group}/sop", Sop("9am"))));
        Assert.Equal(["items[0].kind"], await ErrorKeysAsync(await _t1.PutJsonAsync($"{Root}/groups/{group}/sop",
            new { items = new[] { new { id = "a", kind = "poll", text = "t", schedule = "09:00" } } })));
        Assert.Equal(["cadence.timeZone"], await ErrorKeysAsync(await _t1.PutJsonAsync($"{Root}/groups/{group}/sop",
            new { items = Array.Empty<object>(), cadence = new { timeZone = "Mars/Olympus" } })));
        Assert.Equal(["items"], await ErrorKeysAsync(await _t1.PutJsonAsync($"{Root}/groups/{group}/sop", new { })));
        Assert.Equal(["$"], await ErrorKeysAsync(await _t1.PutAsync($"{Root}/groups/{group}/sop", Raw("{\"items\":"))));
        Assert.Equal(["tags[0]"], await ErrorKeysAsync(await _t1.PutJsonAsync($"{Root}/groups/{group}", new { name = "群", tags = new[] { "" } })));

        var view = await (await _t1.GetAsync($"{Root}/groups/{group}/sop")).ReadAsync();
        Assert.Equal(["topic", "checkin"], view["items"]!.AsArray().Select(i => (string?)i!["id"]));
        Assert.Equal("09:00", (string?)view["items"]![0]!["schedule"]);
    }

    [Fact]
    public async Task Group_tags_are_set_by_the_group_put_and_sops_are_per_tenant()
    {
        var group = Unique("g");
        var put = await _t1.PutJsonAsync($"{Root}/groups/{group}", new { name = "护肤群", ownerPersonaId = "p1", tags = new[] { "skincare", "vip" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["skincare", "vip"], (await put.ReadAsync())["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/groups/{group}/sop", Sop())).StatusCode);

        var other = await (await _t2.GetAsync($"/api/v1/tenants/{EngineHost.Tenant2}/groups/{group}/sop")).ReadAsync();
        Assert.Empty(other["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _t2.GetAsync($"{Root}/groups/{group}/sop")).StatusCode);
    }
}
