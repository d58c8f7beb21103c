using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

/// <summary>An engine of the journey API tests' own: the journeys they publish enter every customer added in its tenants.</summary>
public sealed class JourneyEngineHost : EngineHost;

public sealed class JourneyApiTests(JourneyEngineHost engine) : IClassFixture<JourneyEngineHost>
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private const string Root = $"/api/v1/tenants/{EngineHost.Tenant1}/journeys";

    /// <summary>An example journey under a fresh id, at a version, optionally renamed.</summary>
    private static JsonObject Example(string id, int version = 1, string example = JourneyExamples.Welcome, string? name = null)
    {
        var node = JsonNode.Parse(JourneyExamples.Json(example))!.AsObject();
        node["id"] = id;
        node["version"] = version;
        if (name is not null) node["name"] = name;
        return node;
    }

    private Task<HttpResponseMessage> PutDraftAsync(string id, JsonNode body, HttpClient? client = null, string root = Root) =>
        (client ?? _t1).PutAsync($"{root}/{id}/draft", Raw(body.ToJsonString()));

    private Task<HttpResponseMessage> CommandAsync(string id, string command) => _t1.PostAsync($"{Root}/{id}/{command}", null);

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadAsync();
    }

    [Theory]
    [InlineData(JourneyExamples.Welcome)]
    [InlineData(JourneyExamples.SixInteractions)]
    [InlineData(JourneyExamples.FilterChangeReminder)]
    public async Task Example_journey_publishes_and_is_listed_as_active(string example)
    {
        var id = Unique(example);

        var saved = await PutDraftAsync(id, Example(id, example: example));
        var published = await CommandAsync(id, "publish");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True((bool)(await saved.ReadAsync())["draft"]!["valid"]!);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var journey = await published.ReadAsync();
        Assert.Equal(("active", 1), ((string?)journey["status"], (int)journey["currentVersion"]!));
        Assert.Null(journey["draft"]);
        var listed = (await (await _t1.GetAsync(Root)).ReadAsync()).AsArray().Single(j => (string?)j!["journeyId"] == id)!;
        Assert.Equal(("active", 1, 1), ((string?)listed["status"], (int)listed["currentVersion"]!, (int)listed["entryVersion"]!));
        var v1 = await _t1.GetAsync($"{Root}/{id}/versions/1");
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("application/json", v1.Content.Headers.ContentType?.MediaType);
        Assert.Equal(id, (string?)(await v1.ReadAsync())["id"]);
    }

    [Fact]
    public async Task Invalid_draft_is_saved_with_problems_and_publishing_it_is_a_422_naming_every_path()
    {
        var id = Unique("j");
        var body = Example(id);
        body["start"] = "nowhere";
        body.Remove("name");
        body["steps"]![0]!["type"] = "teleport";

        var saved = await PutDraftAsync(id, body);
        var draft = (await saved.ReadAsync())["draft"]!;
        var problem = await ProblemAsync(await CommandAsync(id, "publish"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.False((bool)draft["valid"]!);
        var paths = draft["problems"]!.AsArray().Select(p => (string)p!["path"]!).ToList();
        Assert.Contains("name", paths);
        Assert.Contains("start", paths);
        Assert.Contains(paths, p => p.StartsWith("steps[0]", StringComparison.Ordinal));
        Assert.Equal("invalidDraft", (string?)problem["error"]);
        Assert.Equal(paths.Distinct().Order(StringComparer.Ordinal), problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("draft", (string?)(await (await _t1.GetAsync($"{Root}/{id}")).ReadAsync())["status"]);
    }

    [Fact]
    public async Task Forbidden_transitions_are_409_problems_with_the_rule_error()
    {
        var id = Unique("j");
        await PutDraftAsync(id, Example(id));
        Assert.Equal("notActive", (string?)(await ProblemAsync(await CommandAsync(id, "pause"), HttpStatusCode.Conflict))["error"]);
        await CommandAsync(id, "publish");
        Assert.Equal("notPaused", (string?)(await ProblemAsync(await CommandAsync(id, "resume"), HttpStatusCode.Conflict))["error"]);
        Assert.Equal("noDraft", (string?)(await ProblemAsync(await CommandAsync(id, "publish"), HttpStatusCode.Conflict))["error"]);
        Assert.Equal("noDraft", (string?)(await ProblemAsync(await _t1.DeleteAsync($"{Root}/{id}/draft"), HttpStatusCode.Conflict))["error"]);
        var overwrite = await ProblemAsync(await PutDraftAsync(id, Example(id, 1, name: "Changed")), HttpStatusCode.Conflict);
        Assert.Equal("publishedVersionImmutable", (string?)overwrite["error"]);
        Assert.Equal("wrongVersion", (string?)(await ProblemAsync(await PutDraftAsync(id, Example(id, 5)), HttpStatusCode.Conflict))["error"]);

        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(id, "pause")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(id, "resume")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(id, "archive")).StatusCode);

        foreach (var command in new[] { "publish", "pause", "resume", "archive" })
            Assert.Equal("archived", (string?)(await ProblemAsync(await CommandAsync(id, command), HttpStatusCode.Conflict))["error"]);
        Assert.Equal("archived", (string?)(await ProblemAsync(await PutDraftAsync(id, Example(id, 2)), HttpStatusCode.Conflict))["error"]);
        Assert.Equal(HttpStatusCode.OK, (await _t1.GetAsync($"{Root}/{id}/versions/1")).StatusCode);
    }

    [Fact]
    public async Task Published_version_stays_the_same_when_the_next_one_is_published()
    {
        var id = Unique("j");
        await PutDraftAsync(id, Example(id));
        await CommandAsync(id, "publish");
        var v1 = await (await _t1.GetAsync($"{Root}/{id}/versions/1")).Content.ReadAsStringAsync();

        await PutDraftAsync(id, Example(id, 2, name: "Second"));
        var journey = await (await CommandAsync(id, "publish")).ReadAsync();

        Assert.Equal(v1, await (await _t1.GetAsync($"{Root}/{id}/versions/1")).Content.ReadAsStringAsync());
        Assert.Equal("Second", (string?)(await (await _t1.GetAsync($"{Root}/{id}/versions/2")).ReadAsync())["name"]);
        Assert.Equal([1, 2], journey["versions"]!.AsArray().Select(v => (int)v!["version"]!));
        Assert.Equal(2, (int)journey["currentVersion"]!);
    }

    [Fact]
    public async Task Draft_can_be_read_and_discarded()
    {
        var id = Unique("j");
        await PutDraftAsync(id, Example(id));

        var read = await (await _t1.GetAsync($"{Root}/{id}")).ReadAsync();
        var discarded = await _t1.DeleteAsync($"{Root}/{id}/draft");

        Assert.Equal(id, (string?)read["draft"]!["definition"]!["id"]);
        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        Assert.Null((await discarded.ReadAsync())["draft"]);
    }

    [Fact]
    public async Task Unknown_journeys_and_versions_are_404_problems()
    {
        var id = Unique("nobody");
        await ProblemAsync(await _t1.GetAsync($"{Root}/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await _t1.DeleteAsync($"{Root}/{id}/draft"), HttpStatusCode.NotFound);
        await ProblemAsync(await _t1.GetAsync($"{Root}/{id}/versions/1"), HttpStatusCode.NotFound);
        foreach (var command in new[] { "publish", "pause", "resume", "archive" })
            await ProblemAsync(await CommandAsync(id, command), HttpStatusCode.NotFound);
        await ProblemAsync(await _t1.GetAsync($"{Root}/a..b%2Fc"), HttpStatusCode.NotFound);

        var known = Unique("j");
        await PutDraftAsync(known, Example(known));
        await ProblemAsync(await _t1.GetAsync($"{Root}/{known}/versions/1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Draft_that_is_not_this_journeys_JSON_is_a_400_and_creates_nothing()
    {
        var id = Unique("j");

        var notJson = await ProblemAsync(await _t1.PutAsync($"{Root}/{id}/draft", Raw("{ nope")), HttpStatusCode.BadRequest);
        var array = await ProblemAsync(await _t1.PutAsync($"{Root}/{id}/draft", Raw("[]")), HttpStatusCode.BadRequest);
        var otherId = await ProblemAsync(await PutDraftAsync(id, Example("someone-else")), HttpStatusCode.BadRequest);
        var badPathId = await ProblemAsync(await PutDraftAsync("-bad", Example("-bad")), HttpStatusCode.BadRequest);

        Assert.NotNull(notJson["errors"]!["$"]);
        Assert.NotNull(array["errors"]!["$"]);
        Assert.NotNull(otherId["errors"]!["id"]);
        Assert.NotNull(badPathId["errors"]!["journeyId"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.GetAsync($"{Root}/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("/validate")]
    [InlineData("/{id}/draft")]
    public async Task Body_above_64_KiB_is_413_and_non_JSON_is_415(string path)
    {
        var id = Unique("j");
        var url = Root + path.Replace("{id}", id, StringComparison.Ordinal);
        var big = Example(id);
        big["description"] = new string('x', 65 * 1024);

        var tooLarge = new HttpRequestMessage(path == "/validate" ? HttpMethod.Post : HttpMethod.Put, url) { Content = Raw(big.ToJsonString()) };
        var text = new HttpRequestMessage(path == "/validate" ? HttpMethod.Post : HttpMethod.Put, url)
        {
            Content = new StringContent(Example(id).ToJsonString(), Encoding.UTF8, "text/plain"),
        };

        await ProblemAsync(await _t1.SendAsync(tooLarge), HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(await _t1.SendAsync(text), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.GetAsync($"{Root}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Validate_lists_problems_by_path_and_stores_nothing()
    {
        var id = Unique("j");
        var broken = Example(id);
        broken["start"] = "nowhere";

        var valid = await (await _t1.PostAsync($"{Root}/validate", Raw(Example(id).ToJsonString()))).ReadAsync();
        var invalid = await _t1.PostAsync($"{Root}/validate", Raw(broken.ToJsonString()));

        Assert.True((bool)valid["valid"]!);
        Assert.Empty(valid["problems"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var answer = await invalid.ReadAsync();
        Assert.False((bool)answer["valid"]!);
        Assert.Contains(answer["problems"]!.AsArray(), p => (string?)p!["path"] == "start");
        Assert.Equal(HttpStatusCode.NotFound, (await _t1.GetAsync($"{Root}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Journeys_belong_to_their_tenant()
    {
        var id = Unique("j");
        const string t2Root = $"/api/v1/tenants/{EngineHost.Tenant2}/journeys";
        await PutDraftAsync(id, Example(id));

        Assert.Equal(HttpStatusCode.NotFound, (await _t2.GetAsync($"{t2Root}/{id}")).StatusCode);
        Assert.DoesNotContain((await (await _t2.GetAsync(t2Root)).ReadAsync()).AsArray(), j => (string?)j!["journeyId"] == id);
        Assert.Equal(HttpStatusCode.NotFound, (await _t2.PostAsync($"{t2Root}/{id}/publish", null)).StatusCode);
        await ProblemAsync(await _t2.GetAsync($"{Root}/{id}"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await _t2.GetAsync(Root), HttpStatusCode.Unauthorized);
        await ProblemAsync(await _t2.PostAsync($"{Root}/{id}/publish", null), HttpStatusCode.Unauthorized);
        await ProblemAsync(await engine.Client().PutAsync($"{Root}/{id}/draft", Raw(Example(id).ToJsonString())), HttpStatusCode.Unauthorized);
        await ProblemAsync(await engine.Client().PostAsync($"{Root}/validate", Raw("{}")), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, (await PutDraftAsync(id, Example(id), _t2, t2Root)).StatusCode);
        Assert.Equal("draft", (string?)(await (await _t1.GetAsync($"{Root}/{id}")).ReadAsync())["status"]);
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(id, "publish")).StatusCode);
        Assert.Equal("draft", (string?)(await (await _t2.GetAsync($"{t2Root}/{id}")).ReadAsync())["status"]);
    }

    [Fact]
    public async Task Stats_count_entries_and_waiting_customers_per_version_and_step()
    {
        var id = Unique("stats");
        var marker = Unique("u");
        var definition = JsonNode.Parse($$"""
            {
              "id": "{{id}}", "name": "Stats", "version": 1,
              "entry": { "type": "event", "event": "behavior.page_view", "filters": [ { "path": "data.url", "op": "eq", "value": "{{marker}}" } ] },
              "reentry": { "mode": "never" }, "maxConcurrent": 1,
              "start": "tag",
              "steps": [
                { "id": "tag", "type": "action", "action": { "type": "add_tag", "tag": "stats" }, "next": "wait" },
                { "id": "wait", "type": "wait", "duration": "3d", "next": "done" },
                { "id": "done", "type": "exit", "reason": "finished" }
              ]
            }
            """)!;
        Assert.Equal(HttpStatusCode.OK, (await PutDraftAsync(id, definition)).StatusCode);
        var empty = await (await _t1.GetAsync($"{Root}/{id}/stats")).ReadAsync();
        Assert.Empty(empty["versions"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(id, "publish")).StatusCode);
        var zero = (await (await _t1.GetAsync($"{Root}/{id}/stats")).ReadAsync())["versions"]!.AsArray().Single()!;
        Assert.Equal((1, 0L, 0L), ((int)zero["version"]!, (long)zero["entered"]!, (long)zero["waiting"]!));
        // The directory tells the customers' silo about the new version a moment later: keep nudging new customers in.
        var customers = new List<string>();
        var stats = await Eventually.GetAsync(async () =>
        {
            var c = Unique("c");
            customers.Add(c);
            await _t1.PostAsync($"/api/v1/tenants/{EngineHost.Tenant1}/events", Body(Event(Unique("e"), "behavior.page_view", c, data: new { url = marker })));
            await Task.Delay(100);
            return (await (await _t1.GetAsync($"{Root}/{id}/stats")).ReadAsync())["versions"]!.AsArray().Single()!;
        }, v => (long)v["entered"]! > 0, what: "journey stats");

        stats = await Eventually.GetAsync(async () => (await (await _t1.GetAsync($"{Root}/{id}/stats")).ReadAsync())["versions"]!.AsArray().Single()!,
            v => (long)v["waiting"]! == (long)v["entered"]!, what: "waiting customers");
        var steps = stats["steps"]!.AsArray();
        Assert.Equal(["tag", "wait"], steps.Select(x => (string?)x!["stepId"]));
        var (entered, wait) = ((long)stats["entered"]!, steps[1]!);
        Assert.Equal((entered, entered, entered), ((long)steps[0]!["entered"]!, (long)wait["entered"]!, (long)wait["waiting"]!));
        Assert.Empty(stats["exited"]!.AsObject());
        Assert.True(entered <= customers.Count);
    }

    [Fact]
    public async Task Stats_of_unknown_journeys_are_404_and_belong_to_their_tenant()
    {
        await ProblemAsync(await _t1.GetAsync($"{Root}/{Unique("nobody")}/stats"), HttpStatusCode.NotFound);
        var id = Unique("j");
        await PutDraftAsync(id, Example(id));
        Assert.Equal(HttpStatusCode.OK, (await _t1.GetAsync($"{Root}/{id}/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _t2.GetAsync($"{Root}/{id}/stats")).StatusCode);
        await ProblemAsync(await _t2.GetAsync($"/api/v1/tenants/{EngineHost.Tenant2}/journeys/{id}/stats"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenAPI_describes_the_journey_endpoints()
    {
        var doc = await (await engine.Client().GetAsync("/openapi/v1.json")).ReadAsync();
        var paths = doc["paths"]!.AsObject();

        Assert.NotNull(paths[$"/api/v1/tenants/{{tenantId}}/journeys"]!["get"]);
        Assert.NotNull(paths[$"/api/v1/tenants/{{tenantId}}/journeys/validate"]!["post"]);
        Assert.NotNull(paths[$"/api/v1/tenants/{{tenantId}}/journeys/{{journeyId}}/draft"]!["put"]!["responses"]!["413"]);
        Assert.NotNull(paths[$"/api/v1/tenants/{{tenantId}}/journeys/{{journeyId}}/publish"]!["post"]!["responses"]!["422"]);
        Assert.NotNull(paths[$"/api/v1/tenants/{{tenantId}}/journeys/{{journeyId}}/versions/{{version}}"]!["get"]);
        Assert.NotNull(paths[$"/api/v1/tenants/{{tenantId}}/journeys/{{journeyId}}/stats"]!["get"]!["responses"]!["404"]);
    }
}
