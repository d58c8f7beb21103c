using System.Text;
using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Gateway.Ingestion;

namespace PrivateDomain.Tests.Unit.Ingestion;

public sealed class EventBatchParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Valid(string type = EventTypes.PageView) => new()
    {
        ["id"] = "evt-1",
        ["type"] = type,
        ["customerId"] = "c1",
        ["occurredAt"] = "2026-06-01T10:00:00Z",
        ["data"] = new JsonObject { ["url"] = "https://shop.example/p/1" },
    };

    private static JsonObject With(JsonObject e, string field, JsonNode? value)
    {
        e[field] = value;
        return e;
    }

    private static JsonObject Without(JsonObject e, string field)
    {
        e.Remove(field);
        return e;
    }

    private static JsonObject WithData(string type, JsonObject data, string? customer = "c1", string? persona = null, string? group = null)
    {
        var e = Valid(type);
        e["data"] = data;
        if (customer is null) e.Remove("customerId");
        if (persona is not null) e["personaId"] = persona;
        if (group is not null) e["groupId"] = group;
        return e;
    }

    private static EventBatchParser.Result Parse(string json) => EventBatchParser.Parse(Encoding.UTF8.GetBytes(json), Now);

    private static EventBatchParser.Result Parse(params JsonObject[] events) => Parse(new JsonArray([.. events]).ToJsonString());

    /// <summary>The batch is refused as a whole and the named key carries the problem.</summary>
    private static void AssertRejected(EventBatchParser.Result result, string key)
    {
        Assert.False(result.IsValid);
        Assert.Empty(result.Events);
        Assert.True(result.Errors.ContainsKey(key), $"expected an error at '{key}', got: {string.Join(", ", result.Errors.Keys)}");
        Assert.NotEmpty(result.Errors[key]);
    }

    [Fact]
    public void Valid_batch_is_normalised_to_engine_events()
    {
        var chat = WithData(EventTypes.ChatMessage, new JsonObject { ["text"] = "你好" }, persona: "persona-1");
        chat["id"] = "evt-2";
        chat["occurredAt"] = "2026-06-01T18:30:00+08:00";
        var purchase = WithData(EventTypes.Purchase, new JsonObject { ["orderId"] = "o-1", ["amount"] = 99.5, ["currency"] = "CNY" });
        purchase["id"] = "evt-3";
        purchase["occurredAt"] = "2026-06-01T09:00:00";

        var result = Parse(Valid(), chat, purchase);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.False(result.TooMany);
        Assert.Collection(result.Events,
            e =>
            {
                Assert.Equal(new EngineEvent("evt-1", EventTypes.PageView, "c1", null, null,
                    new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero), """{"url":"https://shop.example/p/1"}"""), e);
            },
            e =>
            {
                Assert.Equal("persona-1", e.PersonaId);
                Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 30, 0, TimeSpan.Zero), e.OccurredAt);
                Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset);
            },
            e =>
            {
                // No offset given: taken as UTC.
                Assert.Equal(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero), e.OccurredAt);
                Assert.Equal(99.5m, Grains.Domain.EventData.Parse(e.DataJson).Decimal("amount"));
            });
    }

    [Fact]
    public void Missing_or_null_data_becomes_an_empty_object()
    {
        var result = Parse(Without(Valid(), "data"), With(Valid(), "data", null));

        Assert.True(result.IsValid);
        Assert.All(result.Events, e => Assert.Equal("{}", e.DataJson));
    }

    [Fact]
    public void Data_is_normalised_to_compact_json()
    {
        var result = Parse("""[{"id":"e1","type":"behavior.page_view","customerId":"c1","occurredAt":"2026-06-01T10:00:00Z","data":{ "url" : "u" }}]""");

        Assert.True(result.IsValid);
        Assert.Equal("""{"url":"u"}""", Assert.Single(result.Events).DataJson);
    }

    [Fact]
    public void Malformed_json_is_rejected_at_body()
    {
        AssertRejected(Parse("""[{"id":"e1",]"""), "body");
    }

    [Theory]
    [InlineData("""{"id":"e1"}""")]
    [InlineData("\"events\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Body_that_is_not_an_array_is_rejected(string body)
    {
        AssertRejected(Parse(body), "body");
    }

    [Fact]
    public void Empty_array_is_rejected()
    {
        AssertRejected(Parse("[]"), "body");
    }

    [Fact]
    public void More_than_the_maximum_events_is_too_many()
    {
        var events = Enumerable.Range(0, EventBatchParser.MaxEvents + 1).Select(i => With(Valid(), "id", $"e{i}")).ToArray();

        var result = Parse(events);

        Assert.True(result.TooMany);
        Assert.False(result.IsValid);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Exactly_the_maximum_events_is_accepted()
    {
        var events = Enumerable.Range(0, EventBatchParser.MaxEvents).Select(i => With(Valid(), "id", $"e{i}")).ToArray();

        var result = Parse(events);

        Assert.True(result.IsValid);
        Assert.Equal(EventBatchParser.MaxEvents, result.Events.Count);
    }

    [Fact]
    public void Element_that_is_not_an_object_is_named_by_index()
    {
        var result = Parse($"[{Valid().ToJsonString()}, 7]");

        AssertRejected(result, "[1]");
    }

    [Fact]
    public void Unknown_type_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "type", "customer.exploded")), "[0].type");
    }

    [Fact]
    public void Unknown_top_level_field_is_rejected_by_name()
    {
        AssertRejected(Parse(With(Valid(), "tenantId", "other-tenant")), "[0].tenantId");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("type")]
    [InlineData("occurredAt")]
    public void Missing_required_field_is_rejected(string field)
    {
        AssertRejected(Parse(Without(Valid(), field)), $"[0].{field}");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("type")]
    public void Empty_or_non_string_required_field_is_rejected(string field)
    {
        AssertRejected(Parse(With(Valid(), field, "")), $"[0].{field}");
        AssertRejected(Parse(With(Valid(), field, 12)), $"[0].{field}");
    }

    [Fact]
    public void Event_id_longer_than_the_maximum_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "id", new string('e', EventBatchParser.MaxIdLength + 1))), "[0].id");
    }

    [Fact]
    public void Event_id_with_control_characters_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "id", "e1\u0000")), "[0].id");
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-45T99:00:00Z")]
    [InlineData("")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2026-06-02T12:00:01Z")]
    [InlineData("2099-01-01T00:00:00Z")]
    public void Bad_occurred_at_is_rejected(string occurredAt)
    {
        AssertRejected(Parse(With(Valid(), "occurredAt", occurredAt)), "[0].occurredAt");
    }

    [Fact]
    public void Numeric_occurred_at_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "occurredAt", 1_780_000_000)), "[0].occurredAt");
    }

    [Fact]
    public void Occurred_at_up_to_a_day_ahead_is_accepted_for_clock_skew()
    {
        Assert.True(Parse(With(Valid(), "occurredAt", "2026-06-02T12:00:00Z")).IsValid);
    }

    [Theory]
    [InlineData("customerId", "c/1")]
    [InlineData("customerId", "tenant/../c1")]
    [InlineData("customerId", "c 1")]
    [InlineData("customerId", " c1")]
    [InlineData("customerId", "<script>alert(1)</script>")]
    [InlineData("customerId", "../../etc/passwd")]
    [InlineData("customerId", "'; drop table events; --")]
    [InlineData("customerId", "-starts-with-dash")]
    [InlineData("customerId", "客户")]
    [InlineData("customerId", "")]
    [InlineData("groupId", "g/1")]
    [InlineData("groupId", "..")]
    [InlineData("personaId", "p 1")]
    [InlineData("personaId", "p%2F1")]
    public void Invalid_entity_id_is_rejected(string field, string value)
    {
        AssertRejected(Parse(With(Valid(), field, value)), $"[0].{field}");
    }

    [Fact]
    public void Entity_id_of_65_characters_is_rejected_and_of_64_accepted()
    {
        AssertRejected(Parse(With(Valid(), "customerId", new string('c', 65))), "[0].customerId");
        Assert.True(Parse(With(Valid(), "customerId", new string('c', 64))).IsValid);
    }

    [Fact]
    public void Non_string_entity_id_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "customerId", 42)), "[0].customerId");
    }

    [Fact]
    public void Entity_id_with_trailing_newline_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "customerId", "c1\n")), "[0].customerId");
    }

    [Fact]
    public void Data_that_is_not_an_object_is_rejected()
    {
        AssertRejected(Parse(With(Valid(), "data", new JsonArray(1, 2))), "[0].data");
        AssertRejected(Parse(With(Valid(), "data", "text")), "[0].data");
    }

    [Fact]
    public void Data_over_64_KiB_is_rejected()
    {
        var data = new JsonObject { ["properties"] = new JsonObject { ["bio"] = new string('x', EventBatchParser.MaxDataBytes) } };

        AssertRejected(Parse(WithData(EventTypes.CustomerAdded, data, persona: "p1")), "[0].data");
    }

    [Fact]
    public void Data_over_64_KiB_of_utf8_is_rejected()
    {
        // Spliced in unescaped, as clients send it: JsonNode would escape it to \uXXXX and hide the problem.
        var bio = new string('中', 30_000);
        var template = new JsonArray(WithData(EventTypes.CustomerAdded, new JsonObject { ["properties"] = new JsonObject { ["bio"] = "#" } }, persona: "p1")).ToJsonString();
        var body = template.Replace("#", bio, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 80_000);

        AssertRejected(Parse(body), "[0].data");
    }

    [Fact]
    public void Chat_message_without_text_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.ChatMessage, [], persona: "p1")), "[0].data.text");
        AssertRejected(Parse(WithData(EventTypes.ChatMessage, new JsonObject { ["text"] = "" }, persona: "p1")), "[0].data.text");
    }

    [Fact]
    public void Chat_message_with_text_over_the_maximum_is_rejected()
    {
        var text = new string('x', EventBatchParser.MaxTextLength + 1);

        AssertRejected(Parse(WithData(EventTypes.ChatMessage, new JsonObject { ["text"] = text }, persona: "p1")), "[0].data.text");
    }

    [Fact]
    public void Chat_message_without_persona_or_group_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.ChatMessage, new JsonObject { ["text"] = "hi" })), "[0].personaId");
    }

    [Fact]
    public void Group_chat_message_needs_no_persona()
    {
        Assert.True(Parse(WithData(EventTypes.ChatMessage, new JsonObject { ["text"] = "hi" }, group: "g1")).IsValid);
    }

    [Fact]
    public void Purchase_without_order_id_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.Purchase, new JsonObject { ["amount"] = 10 })), "[0].data.orderId");
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("\"12\"")]
    [InlineData("null")]
    public void Purchase_with_negative_or_non_numeric_amount_is_rejected(string amount)
    {
        var data = new JsonObject { ["orderId"] = "o1", ["amount"] = JsonNode.Parse(amount) };

        AssertRejected(Parse(WithData(EventTypes.Purchase, data)), "[0].data.amount");
    }

    [Fact]
    public void Purchase_without_amount_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.Purchase, new JsonObject { ["orderId"] = "o1" })), "[0].data.amount");
    }

    [Fact]
    public void Purchase_of_zero_is_accepted()
    {
        Assert.True(Parse(WithData(EventTypes.Purchase, new JsonObject { ["orderId"] = "o1", ["amount"] = 0 })).IsValid);
    }

    [Theory]
    [InlineData("\"RMB1\"")]
    [InlineData("\"$\"")]
    [InlineData("156")]
    public void Purchase_with_bad_currency_is_rejected(string currency)
    {
        var data = new JsonObject { ["orderId"] = "o1", ["amount"] = 10, ["currency"] = JsonNode.Parse(currency) };

        AssertRejected(Parse(WithData(EventTypes.Purchase, data)), "[0].data.currency");
    }

    [Fact]
    public void Member_joined_without_group_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.MemberJoined, [])), "[0].groupId");
    }

    [Fact]
    public void Member_left_without_customer_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.MemberLeft, [], customer: null, group: "g1")), "[0].customerId");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[]")]
    [InlineData("\"vip\"")]
    [InlineData("[\"\"]")]
    [InlineData("[\"   \"]")]
    [InlineData("[1]")]
    public void Customer_tagged_without_valid_tags_is_rejected(string? tags)
    {
        var data = new JsonObject();
        if (tags is not null) data["tags"] = JsonNode.Parse(tags);

        AssertRejected(Parse(WithData(EventTypes.CustomerTagged, data)), "[0].data.tags");
    }

    [Fact]
    public void Customer_tagged_with_more_than_100_tags_is_rejected()
    {
        var tags = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)$"t{i}")]);

        AssertRejected(Parse(WithData(EventTypes.CustomerTagged, new JsonObject { ["tags"] = tags })), "[0].data.tags");
    }

    [Fact]
    public void Material_open_without_material_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.MaterialOpen, new JsonObject { ["sharedByAgentId"] = "a1" })), "[0].data.materialId");
    }

    [Fact]
    public void Material_open_with_invalid_sharer_is_rejected()
    {
        var data = new JsonObject { ["materialId"] = "m1", ["sharedByAgentId"] = "a/1" };

        AssertRejected(Parse(WithData(EventTypes.MaterialOpen, data)), "[0].data.sharedByAgentId");
    }

    [Fact]
    public void Customer_added_without_persona_is_rejected()
    {
        AssertRejected(Parse(WithData(EventTypes.CustomerAdded, [])), "[0].personaId");
    }

    [Fact]
    public void Customer_added_with_invalid_agent_is_rejected()
    {
        var data = new JsonObject { ["agentId"] = "<img src=x>" };

        AssertRejected(Parse(WithData(EventTypes.CustomerAdded, data, persona: "p1")), "[0].data.agentId");
    }

    [Fact]
    public void Two_bad_events_are_both_named_and_the_good_one_is_not_applied()
    {
        var result = Parse(
            Valid(),
            With(Valid(), "type", "nope"),
            WithData(EventTypes.Purchase, new JsonObject { ["amount"] = -1 }));

        Assert.False(result.IsValid);
        Assert.Empty(result.Events);
        Assert.Contains("[1].type", result.Errors.Keys);
        Assert.Contains("[2].data.orderId", result.Errors.Keys);
        Assert.Contains("[2].data.amount", result.Errors.Keys);
        Assert.DoesNotContain(result.Errors.Keys, k => k.StartsWith("[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_problems_of_one_event_are_all_reported()
    {
        var e = Without(With(Valid(), "customerId", "bad id"), "occurredAt");
        e["extra"] = true;

        var result = Parse(e);

        Assert.Contains("[0].customerId", result.Errors.Keys);
        Assert.Contains("[0].occurredAt", result.Errors.Keys);
        Assert.Contains("[0].extra", result.Errors.Keys);
    }
}
