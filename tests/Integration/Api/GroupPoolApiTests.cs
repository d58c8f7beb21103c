using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

[Collection(EngineCollection.Name)]
public sealed class GroupPoolApiTests(EngineHost engine)
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private const string Root = $"/api/v1/tenants/{EngineHost.Tenant1}";

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadAsync();
    }

    private static List<string> ErrorKeys(JsonNode problem) => problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Pool_with_groups_reports_occupancy_from_group_events_and_five_groups_per_live_code()
    {
        var pool = Unique("pool");
        var groups = Enumerable.Range(1, 6).Select(_ => Unique("g")).ToList();
        var put = await _t1.PutJsonAsync($"{Root}/group-pools/{pool}", new { name = "护肤粉丝群", ownerPersonaId = "p1", autoOpen = true, reservationMinutes = 30 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var g in groups)
        {
            var added = await _t1.PutJsonAsync($"{Root}/group-pools/{pool}/groups/{g}",
                new { name = $"Group {g}", sizeCap = 200, tags = new[] { "skincare" }, inviteUrl = $"https://example.test/join/{g}" });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
        await _t1.PostAsync($"{Root}/events", Body(
            Event(Unique("e"), "group.member_joined", Unique("c"), groups[0]),
            Event(Unique("e"), "group.member_joined", Unique("c"), groups[0])));

        var view = await Eventually.GetAsync(async () => await (await _t1.GetAsync($"{Root}/group-pools/{pool}")).ReadAsync(),
            v => (int?)v["groups"]![0]!["members"] == 2, what: "pool occupancy");

        Assert.Equal(("护肤粉丝群", true, 30), ((string?)view["settings"]!["name"], (bool)view["settings"]!["autoOpen"]!, (int)view["settings"]!["reservationMinutes"]!));
        var first = view["groups"]![0]!;
        Assert.Equal((groups[0], 200, 0, 198, "code-1"), ((string?)first["groupId"], (int)first["cap"]!, (int)first["reserved"]!, (int)first["free"]!, (string?)first["codeId"]));
        Assert.Equal([5, 1], view["codes"]!.AsArray().Select(c => c!["groupIds"]!.AsArray().Count));
        var group = await (await _t1.GetAsync($"{Root}/groups/{groups[5]}")).ReadAsync();
        Assert.Equal(($"Group {groups[5]}", "p1"), ((string?)group["name"], (string?)group["ownerPersonaId"]));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_changes_nothing()
    {
        var pool = Unique("pool");

        var badPool = await ProblemAsync(await _t1.PutJsonAsync($"{Root}/group-pools/{pool}",
            new { name = "", newGroupCap = 300, reservationMinutes = 0, maxGroups = 5000, newGroupTags = new[] { "ok", "" }, ownerPersonaId = "a/b" }), HttpStatusCode.BadRequest);

        Assert.Equal(["maxGroups", "name", "newGroupCap", "newGroupTags[1]", "ownerPersonaId", "reservationMinutes"], ErrorKeys(badPool));
        await ProblemAsync(await _t1.GetAsync($"{Root}/group-pools/{pool}"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/group-pools/{pool}", new { name = "Fans" })).StatusCode);
        var badGroup = await ProblemAsync(await _t1.PutJsonAsync($"{Root}/group-pools/{pool}/groups/{Unique("g")}",
            new { sizeCap = 300, tags = new[] { new string('x', 65) }, inviteUrl = "http://example.test/join" }), HttpStatusCode.BadRequest);
        var badId = await ProblemAsync(await _t1.PutJsonAsync($"{Root}/group-pools/{pool}/groups/bad%20id", new { }), HttpStatusCode.BadRequest);

        Assert.Equal(["inviteUrl", "sizeCap", "tags[0]"], ErrorKeys(badGroup));
        Assert.Equal(["groupId"], ErrorKeys(badId));
        var view = await (await _t1.GetAsync($"{Root}/group-pools/{pool}")).ReadAsync();
        Assert.Empty(view["groups"]!.AsArray());
        Assert.Equal(["$"], ErrorKeys(await ProblemAsync(await _t1.PutAsync($"{Root}/group-pools/{pool}", Raw("{\"name\":")), HttpStatusCode.BadRequest)));
        Assert.Equal(["$"], ErrorKeys(await ProblemAsync(await _t1.PutAsync($"{Root}/group-pools/{pool}", Raw("{\"name\":\"x\",\"maxGroups\":\"ten\"}")), HttpStatusCode.BadRequest)));
        Assert.Equal("Fans", (string?)(await (await _t1.GetAsync($"{Root}/group-pools/{pool}")).ReadAsync())["settings"]!["name"]);
    }

    [Fact]
    public async Task Pools_are_per_tenant()
    {
        var pool = Unique("pool");
        Assert.Equal(HttpStatusCode.OK, (await _t1.PutJsonAsync($"{Root}/group-pools/{pool}", new { name = "Fans" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _t2.GetAsync($"{Root}/group-pools/{pool}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _t2.PutJsonAsync($"{Root}/group-pools/{pool}", new { name = "Mine" })).StatusCode);
        const string other = $"/api/v1/tenants/{EngineHost.Tenant2}/group-pools";
        await ProblemAsync(await _t2.GetAsync($"{other}/{pool}"), HttpStatusCode.NotFound);
        await ProblemAsync(await _t2.PutJsonAsync($"{other}/{pool}/groups/{Unique("g")}", new { tags = new[] { "x" } }), HttpStatusCode.NotFound);
        Assert.Equal("Fans", (string?)(await (await _t1.GetAsync($"{Root}/group-pools/{pool}")).ReadAsync())["settings"]!["name"]);
    }
}
