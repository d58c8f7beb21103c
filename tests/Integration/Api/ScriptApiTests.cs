using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

[Collection(EngineCollection.Name)]
public sealed class ScriptApiTests(EngineHost engine) : IAsyncLifetime
{
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);
    private readonly string _p = Unique("p");
    private string Scripts => $"/api/v1/tenants/{EngineHost.Tenant1}/personas/{_p}/scripts";

    public async Task InitializeAsync() =>
        (await _t1.PutJsonAsync($"/api/v1/tenants/{EngineHost.Tenant1}/personas/{_p}", new { name = "小丸子" })).EnsureSuccessStatusCode();

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadAsync();
    }

    private static List<string> ErrorKeys(JsonNode problem) => problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Put_list_replace_and_delete_a_script()
    {
        var created = await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "欢迎语", category = "Greeting", text = "{{customer.name}}你好", version = 0 });
        var replaced = await _t1.PutJsonAsync($"{Scripts}/welcome",
            new { name = "欢迎语", text = "你好呀", linkUrl = "https://x.test/guide", linkTitle = "Guide", materialId = "serum-guide", version = 1 });
        var list = await (await _t1.GetAsync(Scripts)).ReadAsync();
        var one = await (await _t1.GetAsync($"{Scripts}/welcome")).ReadAsync();
        var deleted = await _t1.DeleteAsync($"{Scripts}/welcome?version=2");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(["welcome"], list["scripts"]!.AsArray().Select(s => (string?)s!["scriptId"]));
        Assert.Equal((2, "api", "General", "Guide"), ((int)one["version"]!, (string?)one["updatedBy"], (string?)one["category"], (string?)one["linkTitle"]));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAsync(await _t1.GetAsync($"{Scripts}/welcome"), HttpStatusCode.NotFound);
        await ProblemAsync(await _t1.DeleteAsync($"{Scripts}/welcome"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_changes_nothing()
    {
        await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "Welcome", text = "Hi", version = 0 });

        var bad = await ProblemAsync(await _t1.PutJsonAsync($"{Scripts}/welcome",
            new { name = "", text = "Hi {{customer.age}}", imageUrl = "ftp://x.test/a.png", linkTitle = "t", materialId = "a b", version = 1 }), HttpStatusCode.BadRequest);
        var badId = await ProblemAsync(await _t1.PutJsonAsync($"{Scripts}/bad%20id", new { name = "n", text = "t" }), HttpStatusCode.BadRequest);
        var tooLong = await ProblemAsync(await _t1.PutJsonAsync($"{Scripts}/long", new { name = "n", text = new string('x', 2001) }), HttpStatusCode.BadRequest);
        var notJson = await ProblemAsync(await _t1.PutAsync($"{Scripts}/welcome", Raw("{\"name\":")), HttpStatusCode.BadRequest);
        var wrongType = await ProblemAsync(await _t1.PutAsync($"{Scripts}/welcome", Raw("{\"name\":\"n\",\"version\":\"one\"}")), HttpStatusCode.BadRequest);

        Assert.Equal(["imageUrl", "linkTitle", "materialId", "name", "text"], ErrorKeys(bad));
        Assert.Equal(["scriptId"], ErrorKeys(badId));
        Assert.Equal(["text"], ErrorKeys(tooLong));
        Assert.Equal(["$"], ErrorKeys(notJson));
        Assert.Equal(["$"], ErrorKeys(wrongType));
        var list = await (await _t1.GetAsync(Scripts)).ReadAsync();
        var only = Assert.Single(list["scripts"]!.AsArray());
        Assert.Equal(("welcome", "Hi", 1), ((string?)only!["scriptId"], (string?)only["text"], (int)only["version"]!));
    }

    [Fact]
    public async Task Stale_version_is_a_409_and_changes_nothing()
    {
        await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "Welcome", text = "First", version = 0 });
        await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "Welcome", text = "Second", version = 1 });

        var stale = await ProblemAsync(await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "Welcome", text = "Lost", version = 1 }), HttpStatusCode.Conflict);
        var create = await ProblemAsync(await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "Welcome", text = "Lost", version = 0 }), HttpStatusCode.Conflict);
        var staleDelete = await ProblemAsync(await _t1.DeleteAsync($"{Scripts}/welcome?version=1"), HttpStatusCode.Conflict);

        Assert.Equal((2, "staleVersion"), ((int)stale["currentVersion"]!, (string?)stale["error"]));
        Assert.Equal(2, (int)create["currentVersion"]!);
        Assert.Equal(2, (int)staleDelete["currentVersion"]!);
        Assert.Equal("Second", (string?)(await (await _t1.GetAsync($"{Scripts}/welcome")).ReadAsync())["text"]);
    }

    [Fact]
    public async Task Another_tenant_cannot_read_or_write_the_library()
    {
        await _t1.PutJsonAsync($"{Scripts}/welcome", new { name = "Welcome", text = "Hi", version = 0 });

        await ProblemAsync(await _t2.GetAsync(Scripts), HttpStatusCode.Unauthorized);
        await ProblemAsync(await _t2.PutJsonAsync($"{Scripts}/welcome", new { name = "Mine", text = "Mine" }), HttpStatusCode.Unauthorized);
        await ProblemAsync(await _t2.DeleteAsync($"{Scripts}/welcome"), HttpStatusCode.Unauthorized);
        // Under its own tenant the same persona id does not exist.
        var ownPath = $"/api/v1/tenants/{EngineHost.Tenant2}/personas/{_p}/scripts";
        await ProblemAsync(await _t2.GetAsync(ownPath), HttpStatusCode.NotFound);
        await ProblemAsync(await _t2.PutJsonAsync($"{ownPath}/welcome", new { name = "Mine", text = "Mine" }), HttpStatusCode.NotFound);
        Assert.Equal("Hi", (string?)(await (await _t1.GetAsync($"{Scripts}/welcome")).ReadAsync())["text"]);
    }
}
