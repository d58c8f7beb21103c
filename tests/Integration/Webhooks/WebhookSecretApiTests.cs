using System.Net;
using System.Text.Json.Nodes;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Webhooks;

public sealed class WebhookSecretApiTests(EngineHost engine) : IClassFixture<EngineHost>
{
    private const string Root1 = $"/api/v1/tenants/{EngineHost.Tenant1}/webhook-secrets";
    private const string Root2 = $"/api/v1/tenants/{EngineHost.Tenant2}/webhook-secrets";
    private readonly HttpClient _t1 = engine.Client(EngineHost.Key1);
    private readonly HttpClient _t2 = engine.Client(EngineHost.Key2);

    private static StringContent Secret(string value) => Raw(new JsonObject { ["secret"] = value }.ToJsonString());

    private async Task<JsonArray> ListAsync(HttpClient client, string root) => (await (await client.GetAsync(root)).ReadAsync()).AsArray();

    [Fact]
    public async Task A_secret_is_set_listed_and_rotated_without_its_value_ever_coming_back()
    {
        var name = Unique("crm");
        const string first = "first-value-0123456789", second = "second-value-0123456789";

        var created = await _t1.PutAsync($"{Root1}/{name}", Secret(first));
        var createdText = await created.Content.ReadAsStringAsync();
        await Task.Delay(20);
        var rotated = await _t1.PutAsync($"{Root1}/{name}", Secret(second));
        var rotatedText = await rotated.Content.ReadAsStringAsync();
        var listText = await _t1.GetStringAsync(Root1);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (created.StatusCode, rotated.StatusCode));
        foreach (var text in new[] { createdText, rotatedText, listText })
        {
            Assert.DoesNotContain(first, text, StringComparison.Ordinal);
            Assert.DoesNotContain(second, text, StringComparison.Ordinal);
        }
        var a = JsonNode.Parse(createdText)!;
        var b = JsonNode.Parse(rotatedText)!;
        Assert.Equal(["name", "createdAt", "updatedAt"], b.AsObject().Select(p => p.Key));
        Assert.Equal((name, (string?)a["createdAt"]), ((string?)b["name"], (string?)b["createdAt"]));
        Assert.True(b["updatedAt"]!.GetValue<DateTimeOffset>() > a["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.Single(JsonNode.Parse(listText)!.AsArray(), s => (string?)s!["name"] == name);
    }

    [Theory]
    [InlineData("good-name", """{"secret":"short"}""", "secret")]
    [InlineData("good-name", """{"secret":null}""", "secret")]
    [InlineData("good-name", """{}""", "secret")]
    [InlineData("good-name", """{"secret":"has a\u0001control char!"}""", "secret")]
    [InlineData("good-name", """not json""", "$")]
    [InlineData("bad%20name", """{"secret":"long-enough-0123456789"}""", "name")]
    public async Task Bad_input_is_a_400_naming_the_field_and_stores_nothing(string name, string body, string field)
    {
        var suffix = Unique("x");
        var path = name == "good-name" ? $"{Root1}/{name}-{suffix}" : $"{Root1}/{name}";

        var response = await _t1.PutAsync(path, Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.ReadAsync())["errors"]![field]);
        Assert.DoesNotContain(await ListAsync(_t1, Root1), s => ((string?)s!["name"])!.EndsWith(suffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_belong_to_their_tenant()
    {
        var name = Unique("shared");
        await _t1.PutAsync($"{Root1}/{name}", Secret("tenant-one-value-0123456789"));

        var otherKey = await _t2.GetAsync(Root1);
        var deleteElsewhere = await _t2.DeleteAsync($"{Root2}/{name}");

        Assert.Equal(HttpStatusCode.Unauthorized, otherKey.StatusCode);
        Assert.DoesNotContain(await ListAsync(_t2, Root2), s => (string?)s!["name"] == name);
        Assert.Equal(HttpStatusCode.NotFound, deleteElsewhere.StatusCode);
        Assert.Contains(await ListAsync(_t1, Root1), s => (string?)s!["name"] == name);
    }

    [Fact]
    public async Task Deleting_removes_the_secret_and_a_second_delete_is_a_404()
    {
        var name = Unique("gone");
        await _t1.PutAsync($"{Root1}/{name}", Secret("to-be-deleted-0123456789"));

        var first = await _t1.DeleteAsync($"{Root1}/{name}");
        var second = await _t1.DeleteAsync($"{Root1}/{name}");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (first.StatusCode, second.StatusCode));
        Assert.DoesNotContain(await ListAsync(_t1, Root1), s => (string?)s!["name"] == name);
    }
}
