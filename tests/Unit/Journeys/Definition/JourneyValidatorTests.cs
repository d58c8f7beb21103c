using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

public sealed class JourneyValidatorTests
{
    [Fact]
    public void Minimal_definition_parses_with_defaults()
    {
        var d = Journeys.Minimal().Validate().AssertValid();
        Assert.Equal("j1", d.Id);
        Assert.Equal(ReentryMode.Never, d.Reentry.Mode);
        Assert.Equal(1, d.MaxConcurrent);
        Assert.Equal(new EventTrigger("customer.added", []).Event, Assert.IsType<EventTrigger>(d.Entry).Event);
        Assert.Equal(TimeSpan.FromDays(1), Assert.IsType<WaitStep>(d.Step("pause")).Duration);
    }

    [Fact]
    public void Every_trigger_kind_parses()
    {
        JsonObject[] triggers =
        [
            new() { ["type"] = "segment", ["segment"] = "champion", ["on"] = "enter" },
            new() { ["type"] = "tag", ["tag"] = "vip", ["on"] = "leave" },
            new() { ["type"] = "date", ["property"] = "birthday", ["offsetDays"] = -1, ["recurrence"] = "yearly", ["at"] = "09:30" },
            new() { ["type"] = "schedule", ["every"] = "weekly", ["days"] = new JsonArray("mon", "fri"), ["at"] = "20:00", ["audience"] = new JsonObject { ["type"] = "rfm_segment", ["in"] = new JsonArray("champion", "loyal") } },
        ];
        var parsed = triggers.Select(t => Journeys.Minimal().With("entry", t).Validate().AssertValid().Entry).ToList();
        Assert.Equal(MembershipEdge.Enter, Assert.IsType<SegmentTrigger>(parsed[0]).On);
        Assert.Equal(MembershipEdge.Leave, Assert.IsType<TagTrigger>(parsed[1]).On);
        var date = Assert.IsType<DateTrigger>(parsed[2]);
        Assert.Equal((-1, Recurrence.Yearly, new TimeOnly(9, 30)), (date.OffsetDays, date.Recurrence, date.At));
        Assert.Equal([Weekday.Mon, Weekday.Fri], Assert.IsType<ScheduleTrigger>(parsed[3]).Days);
    }

    [Fact]
    public void Event_filters_with_every_operator_parse()
    {
        var filters = new JsonArray(
            new JsonObject { ["path"] = "data.source", ["op"] = "eq", ["value"] = "store_qr" },
            new JsonObject { ["path"] = "data.source", ["op"] = "ne", ["value"] = "ads" },
            new JsonObject { ["path"] = "data.source", ["op"] = "in", ["value"] = new JsonArray("a", "b") },
            new JsonObject { ["path"] = "data.note", ["op"] = "contains", ["value"] = "vip" },
            new JsonObject { ["path"] = "data.referredBy", ["op"] = "exists" },
            new JsonObject { ["path"] = "data.amount", ["op"] = "gt", ["value"] = 1 },
            new JsonObject { ["path"] = "data.amount", ["op"] = "gte", ["value"] = 1 },
            new JsonObject { ["path"] = "data.amount", ["op"] = "lt", ["value"] = 9.5 },
            new JsonObject { ["path"] = "data.items.count", ["op"] = "lte", ["value"] = 9 });
        var journey = Journeys.Minimal();
        ((JsonObject)journey["entry"]!)["filters"] = filters;
        var entry = Assert.IsType<EventTrigger>(journey.Validate().AssertValid().Entry);
        Assert.Equal(Enum.GetValues<FilterOp>(), entry.Filters.Select(f => f.Op));
    }

    [Theory]
    [InlineData("$", "not valid JSON", "{")]
    [InlineData("$", "must be a JSON object", "[]")]
    public void Malformed_text_is_reported_at_the_root(string path, string text, string json) =>
        JourneyValidator.Validate(json).AssertProblem(path, text);

    [Fact]
    public void Definition_over_64_KiB_is_refused() =>
        Journeys.Minimal().With("description", new string('x', 70_000)).Validate().AssertProblem("$", "64 KiB");

    [Fact]
    public void Missing_required_fields_are_each_named() 
    {
        var result = JourneyValidator.Validate("{}");
        foreach (var field in new[] { "id", "name", "version", "entry", "start", "steps" }) result.AssertProblem(field, "required");
    }

    [Fact]
    public void Unknown_fields_are_reported_where_they_are()
    {
        var journey = Journeys.Minimal().With("colour", "red");
        journey.Step(0).With("nxt", "x");
        ((JsonObject)journey.Step(0)["action"]!).With("tags", "x");
        var result = journey.Validate();
        result.AssertProblem("colour", "unknown field");
        result.AssertProblem("steps[0].nxt", "unknown field");
        result.AssertProblem("steps[0].action.tags", "unknown field");
    }

    [Fact]
    public void Unknown_filter_operator_lists_the_allowed_ones()
    {
        var journey = Journeys.Minimal();
        ((JsonObject)journey["entry"]!)["filters"] = new JsonArray(new JsonObject { ["path"] = "data.source", ["op"] = "like", ["value"] = "x" });
        journey.Validate().AssertProblem("entry.filters[0].op", "must be one of eq, ne, in, contains, exists, gt, gte, lt, lte");
    }

    [Theory]
    [InlineData("in", "\"x\"", "value", "array")]
    [InlineData("gt", "\"5\"", "value", "number")]
    [InlineData("exists", "\"yes\"", "value", "true or false")]
    [InlineData("eq", "{}", "value", "string, number or boolean")]
    [InlineData("in", "[1, {}]", "value[1]", "string, number or boolean")]
    public void Filter_value_must_fit_its_operator(string op, string valueJson, string field, string text)
    {
        var journey = Journeys.Minimal();
        ((JsonObject)journey["entry"]!)["filters"] = new JsonArray(new JsonObject { ["path"] = "data.amount", ["op"] = op, ["value"] = JsonNode.Parse(valueJson) });
        journey.Validate().AssertProblem($"entry.filters[0].{field}", text);
    }

    [Theory]
    [InlineData("source")]
    [InlineData("data")]
    [InlineData("data..x")]
    public void Filter_path_must_point_into_data(string path)
    {
        var journey = Journeys.Minimal();
        ((JsonObject)journey["entry"]!)["filters"] = new JsonArray(new JsonObject { ["path"] = path, ["op"] = "exists" });
        journey.Validate().AssertProblem("entry.filters[0].path", "path into the event's data");
    }

    [Fact]
    public void Unknown_event_type_is_named() =>
        Journeys.Minimal().With("entry", new JsonObject { ["type"] = "event", ["event"] = "customer.hugged" }).Validate()
            .AssertProblem("entry.event", "unknown event type 'customer.hugged'");

    [Fact]
    public void Trigger_fields_of_another_trigger_type_are_reported() =>
        Journeys.Minimal().With("entry", new JsonObject { ["type"] = "event", ["event"] = "customer.added", ["tag"] = "x" }).Validate()
            .AssertProblem("entry.tag", "does not apply to a 'event' trigger");

    [Theory]
    [InlineData("0m", "1 minute to 400 days")]
    [InlineData("401d", "1 minute to 400 days")]
    [InlineData("3 days", "duration such as")]
    [InlineData("P3D", "duration such as")]
    public void Durations_outside_the_limits_are_refused(string duration, string text)
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("duration", duration);
        journey.Validate().AssertProblem("steps[1].duration", text);
    }

    [Theory]
    [InlineData("1m")]
    [InlineData("400d")]
    [InlineData("1d12h30m")]
    public void Durations_at_the_limits_are_accepted(string duration)
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("duration", duration);
        journey.Validate().AssertValid();
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("9:30")]
    [InlineData("09:30:00")]
    public void Time_of_day_must_be_HH_mm(string time)
    {
        var journey = Journeys.Minimal();
        journey.Step(1).Without("duration").With("until", new JsonObject { ["time"] = time });
        journey.Validate().AssertProblem("steps[1].until.time", "HH:mm");
    }

    [Fact]
    public void Wait_until_without_days_allows_every_weekday()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).Without("duration").With("until", new JsonObject { ["time"] = "10:00" });
        var wait = Assert.IsType<WaitStep>(journey.Validate().AssertValid().Step("pause"));
        Assert.Equal(7, wait.Until!.Days.Count);
    }

    [Fact]
    public void Unknown_or_repeated_weekday_is_refused()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).Without("duration").With("until", new JsonObject { ["time"] = "10:00", ["days"] = new JsonArray("mon", "mon", "monday") });
        var result = journey.Validate();
        result.AssertProblem("steps[1].until.days[1]", "repeats");
        result.AssertProblem("steps[1].until.days[2]", "must be one of mon");
    }

    [Fact]
    public void Wait_takes_exactly_one_mode()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("until", new JsonObject { ["time"] = "10:00" });
        journey.Validate().AssertProblem("steps[1]", "only one of duration, until or event, not duration and until");
        journey.Step(1).Without("until").Without("duration");
        journey.Validate().AssertProblem("steps[1]", "needs one of duration, until or event");
    }

    [Fact]
    public void Wait_for_event_needs_a_timeout_and_a_timeout_step()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).Without("duration").With("event", new JsonObject { ["event"] = "chat.message" });
        var result = journey.Validate();
        result.AssertProblem("steps[1].timeout", "required");
        result.AssertProblem("steps[1].timeoutNext", "required");
    }

    [Fact]
    public void Timeout_on_a_plain_wait_is_refused()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("timeout", "1d");
        journey.Validate().AssertProblem("steps[1].timeout", "only to a wait for an event");
    }

    [Fact]
    public void Split_weights_must_be_positive_and_holdout_below_100()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).Without("duration").With("type", "split").Without("next")
            .With("variants", new JsonArray(
                new JsonObject { ["name"] = "a", ["weight"] = 0, ["next"] = "done" },
                new JsonObject { ["name"] = "b", ["weight"] = -5, ["next"] = "done" }))
            .With("holdoutPercent", 100);
        var result = journey.Validate();
        result.AssertProblem("steps[1].variants[0].weight", "from 1 to");
        result.AssertProblem("steps[1].variants[1].weight", "from 1 to");
        result.AssertProblem("steps[1].holdoutPercent", "from 0 to 99");
    }

    [Theory]
    [InlineData("Hi {{customer.nickname}}", "unknown template variable 'customer.nickname'")]
    [InlineData("Hi {{customer.name}", "unbalanced")]
    [InlineData("{{property.}}", "unknown template variable")]
    public void Template_variables_come_from_the_known_set(string template, string text)
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("action", Journeys.Message(template));
        journey.Validate().AssertProblem("steps[0].action.template", text);
    }

    [Fact]
    public void Known_template_variables_are_accepted()
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("action", Journeys.Message("{{customer.name}} {{ persona.name }} {{property.city}} {{event.data.order.id}} {{journey.name}}"));
        journey.Validate().AssertValid();
    }

    [Theory]
    [InlineData("http://crm.example.com/hook")]
    [InlineData("/hook")]
    [InlineData("ftp://crm.example.com/hook")]
    public void Webhook_url_must_be_absolute_https(string url)
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("action", new JsonObject { ["type"] = "webhook", ["url"] = url, ["secret"] = "crm" });
        journey.Validate().AssertProblem("steps[0].action.url", "absolute https://");
    }

    [Fact]
    public void Message_kind_names_the_fields_it_needs()
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("action", new JsonObject { ["type"] = "send_message", ["kind"] = "miniprogram", ["class"] = "service", ["url"] = "https://x.example" });
        var result = journey.Validate();
        result.AssertProblem("steps[0].action.appId", "required for a 'miniprogram' message");
        result.AssertProblem("steps[0].action.page", "required");
        result.AssertProblem("steps[0].action.title", "required");
        result.AssertProblem("steps[0].action.url", "does not apply to a 'miniprogram' message");
    }

    [Fact]
    public void Message_class_is_required()
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("action", Journeys.Message("hi").Without("class"));
        journey.Validate().AssertProblem("steps[0].action.class", "is required: one of marketing, service");
    }

    [Fact]
    public void Every_action_kind_parses()
    {
        JsonObject[] actions =
        [
            new() { ["type"] = "send_message", ["kind"] = "image", ["class"] = "marketing", ["mediaUrl"] = "https://cdn.example/p.png" },
            new() { ["type"] = "remove_tag", ["tag"] = "new" },
            new() { ["type"] = "set_property", ["property"] = "stage", ["value"] = "welcomed by {{persona.name}}" },
            new() { ["type"] = "create_task", ["title"] = "Call {{customer.name}}", ["dueIn"] = "1d" },
            new() { ["type"] = "notify_agent", ["title"] = "Opened material" },
            new() { ["type"] = "add_to_group", ["pool"] = "pool-1" },
            new() { ["type"] = "start_journey", ["journey"] = "other" },
            new() { ["type"] = "webhook", ["url"] = "https://crm.example.com/h", ["secret"] = "crm-secret" },
        ];
        var parsed = actions.Select(a =>
        {
            var journey = Journeys.Minimal();
            journey.Step(0).With("action", a);
            return ((ActionStep)journey.Validate().AssertValid().Steps[0]).Action.GetType().Name;
        });
        Assert.Equal(
            ["SendMessageAction", "RemoveTagAction", "SetPropertyAction", "CreateTaskAction", "NotifyAgentAction", "AddToGroupAction", "StartJourneyAction", "WebhookAction"],
            parsed);
    }

    [Fact]
    public void Journey_cannot_start_itself()
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("action", new JsonObject { ["type"] = "start_journey", ["journey"] = "j1" });
        journey.Validate().AssertProblem("steps[0].action.journey", "cannot start itself");
    }

    [Fact]
    public void Conditions_nest_with_all_any_not()
    {
        var journey = Journeys.Minimal();
        var when = JsonNode.Parse("""
            { "type": "all", "conditions": [
              { "type": "any", "conditions": [ { "type": "tag", "tag": "vip" }, { "type": "segment", "segment": "lifecycle:loyal" } ] },
              { "type": "not", "condition": { "type": "lifecycle", "in": ["churned"] } },
              { "type": "rfm_score", "score": "m", "op": "gte", "value": 4 },
              { "type": "property", "property": "city", "op": "in", "value": ["Shanghai", "Hangzhou"] },
              { "type": "event_data", "of": "awaited", "path": "data.text", "op": "contains", "value": "yes" }
            ] }
            """);
        journey.AddStep(new JsonObject { ["id"] = "check", ["type"] = "branch", ["cases"] = new JsonArray(new JsonObject { ["when"] = when, ["next"] = "done" }), ["else"] = "done" });
        journey.Step(1).With("next", "check");
        var branch = Assert.IsType<BranchStep>(journey.Validate().AssertValid().Step("check"));
        Assert.Equal(5, Assert.IsType<AllCondition>(branch.Cases[0].When).Conditions.Count);
    }

    [Fact]
    public void Condition_problems_are_named_by_their_nested_path()
    {
        var journey = Journeys.Minimal();
        var when = JsonNode.Parse("""
            { "type": "all", "conditions": [
              { "type": "not", "condition": { "type": "lifecycle", "in": ["zombie"] } },
              { "type": "rfm_score", "score": "x", "op": "contains", "value": 9 },
              { "type": "colour" }
            ] }
            """);
        journey.AddStep(new JsonObject { ["id"] = "check", ["type"] = "branch", ["cases"] = new JsonArray(new JsonObject { ["when"] = when, ["next"] = "done" }), ["else"] = "done" });
        journey.Step(1).With("next", "check");
        var result = journey.Validate();
        result.AssertProblem("steps[3].cases[0].when.conditions[0].condition.in[0]", "must be one of unknown, prospect");
        result.AssertProblem("steps[3].cases[0].when.conditions[1].score", "must be one of r, f, m");
        result.AssertProblem("steps[3].cases[0].when.conditions[1].op", "for an RFM score");
        result.AssertProblem("steps[3].cases[0].when.conditions[1].value", "from 0 to 5");
        result.AssertProblem("steps[3].cases[0].when.conditions[2].type", "must be one of tag, property");
    }

    [Fact]
    public void Too_many_steps_are_refused()
    {
        var journey = Journeys.Minimal();
        for (var i = 0; i < 198; i++) journey.AddStep(new JsonObject { ["id"] = $"x{i}", ["type"] = "exit" });
        journey.Validate().AssertProblem("steps", "1 to 200 items");
    }

    [Fact]
    public void Unknown_timezone_is_refused()
    {
        Journeys.Minimal().With("timezone", "Mars/Olympus").Validate().AssertProblem("timezone", "unknown IANA time zone");
        Journeys.Minimal().With("timezone", "Asia/Shanghai").Validate().AssertValid();
    }

    [Fact]
    public void Several_concurrent_instances_need_reentry_after_days()
    {
        Journeys.Minimal().With("maxConcurrent", 2).Validate().AssertProblem("maxConcurrent", "after_days");
        Journeys.Minimal().With("maxConcurrent", 2).With("reentry", new JsonObject { ["mode"] = "after_days", ["days"] = 30 }).Validate().AssertValid();
    }

    [Fact]
    public void Reentry_days_belong_to_after_days_only()
    {
        Journeys.Minimal().With("reentry", new JsonObject { ["mode"] = "after_exit", ["days"] = 3 }).Validate().AssertProblem("reentry.days", "only to mode 'after_days'");
        Journeys.Minimal().With("reentry", new JsonObject { ["mode"] = "after_days" }).Validate().AssertProblem("reentry.days", "required");
    }

    [Fact]
    public void Duplicate_json_properties_are_refused() =>
        JourneyValidator.Validate("""{"id":"a","id":"b"}""").AssertProblem("$", "not valid JSON");
}
