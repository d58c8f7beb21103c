using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

public class StepKindTests
{
    [Fact]
    public void Actions_run_instantly_until_a_duration_wait_and_continue_when_it_is_due()
    {
        var c = new FakeCustomer(Parse(Journey("j", Tag("a", "one", "w"), Wait("w", "2d", "b"), Tag("b", "two", "done"), Exit())));
        c.Send(Added(), T0);
        Assert.Equal(["one"], c.Of<AddTagEffect>().Select(e => e.Tag));
        Assert.Equal(T0.AddDays(2), c.State.NextDueAt);
        Assert.Equal("w", c.Only.StepId);

        c.Tick(T0.AddDays(2).AddMinutes(-1));
        Assert.Single(c.Of<AddTagEffect>());

        c.Tick(T0.AddDays(2).AddMinutes(5));
        Assert.Equal(["one", "two"], c.Of<AddTagEffect>().Select(e => e.Tag));
        Assert.Empty(c.State.Instances);
        Assert.Equal(ExitReasons.Completed, Assert.Single(c.Exits).Reason);
        Assert.Null(c.State.NextDueAt);
    }

    [Fact]
    public void A_tick_resolves_a_wait_as_of_its_due_time_so_late_ticks_keep_the_schedule()
    {
        var c = new FakeCustomer(Parse(Journey("j", Wait("w1", "1d", "w2"), Wait("w2", "1d", "t"), Tag("t", "x", "done"), Exit())));
        c.Send(Added(), T0);
        c.Tick(T0.AddDays(1).AddHours(7)); // seven hours late
        Assert.Equal(T0.AddDays(2), c.State.NextDueAt);
        c.Tick(T0.AddDays(5)); // missed ticks: catches up in one go
        Assert.Equal(T0.AddDays(2), Assert.Single(c.Of<AddTagEffect>()).At);
    }

    [Fact]
    public void A_doubled_or_early_tick_does_nothing()
    {
        var c = new FakeCustomer(Parse(Journey("j", Wait("w", "1d", "t"), Tag("t", "x", "done"), Exit())));
        c.Send(Added(), T0);
        Assert.Same(JourneyDecision.None, c.Tick(T0.AddHours(1)));
        c.Tick(T0.AddDays(1));
        Assert.Same(JourneyDecision.None, c.Tick(T0.AddDays(1)));
        Assert.Same(JourneyDecision.None, c.Tick(T0.AddHours(2))); // out of order
        Assert.Single(c.Of<AddTagEffect>());
    }

    public static TheoryData<string, string> Branches => new()
    {
        { """{ "type": "tag", "tag": "vip" }""", "yes" },
        { """{ "type": "tag", "tag": "nope" }""", "no" },
        { """{ "type": "property", "property": "city", "op": "eq", "value": "Hangzhou" }""", "yes" },
        { """{ "type": "property", "property": "age", "op": "gte", "value": 30 }""", "yes" },
        { """{ "type": "property", "property": "age", "op": "lt", "value": 30 }""", "no" },
        { """{ "type": "property", "property": "missing", "op": "exists", "value": false }""", "yes" },
        { """{ "type": "rfm_segment", "in": ["champion", "loyal"] }""", "yes" },
        { """{ "type": "rfm_score", "score": "m", "op": "gte", "value": 4 }""", "yes" },
        { """{ "type": "rfm_score", "score": "r", "op": "gt", "value": 4 }""", "no" },
        { """{ "type": "lifecycle", "in": ["repeat"] }""", "yes" },
        { """{ "type": "segment", "segment": "champion" }""", "yes" },
        { """{ "type": "segment", "segment": "loyal" }""", "no" },
        { """{ "type": "segment", "segment": "lifecycle:repeat" }""", "yes" },
        { """{ "type": "segment", "segment": "lifecycle:dormant" }""", "no" },
        { """{ "type": "event_data", "of": "entry", "path": "data.source", "op": "in", "value": ["douyin", "store_qr"] }""", "yes" },
        { """{ "type": "event_data", "of": "entry", "path": "data.channel.kind", "op": "eq", "value": "qr" }""", "yes" },
        { """{ "type": "event_data", "of": "entry", "path": "data.amount", "op": "gt", "value": 99.5 }""", "yes" },
        { """{ "type": "all", "conditions": [ { "type": "tag", "tag": "vip" }, { "type": "not", "condition": { "type": "tag", "tag": "vip" } } ] }""", "no" },
        { """{ "type": "any", "conditions": [ { "type": "tag", "tag": "x" }, { "type": "lifecycle", "in": ["repeat"] } ] }""", "yes" },
    };

    [Theory, MemberData(nameof(Branches))]
    public void Branch_conditions_read_facts_and_the_entering_event(string condition, string expected)
    {
        var branch = new JsonObject
        {
            ["id"] = "b", ["type"] = "branch",
            ["cases"] = new JsonArray(new JsonObject { ["when"] = JsonNode.Parse(condition), ["next"] = "yes" }),
            ["else"] = "no",
        };
        var c = new FakeCustomer(Parse(Journey("j", branch, Tag("yes", "yes", "done"), Tag("no", "no", "done"), Exit())))
        {
            Facts = Facts("vip") with
            {
                Properties = new Dictionary<string, string> { ["city"] = "Hangzhou", ["age"] = "34" },
                RfmSegment = "champion", R = 4, F = 4, M = 5, Lifecycle = "repeat",
            },
        };
        c.Send(Added("""{"source":"store_qr","channel":{"kind":"qr"},"amount":100}"""), T0);
        Assert.Equal(expected, Assert.Single(c.Of<AddTagEffect>()).Tag);
    }

    [Fact]
    public void Split_is_replayable_and_shares_customers_by_weight_with_a_holdout()
    {
        var split = (SplitStep)Parse(Journey("j",
            new JsonObject
            {
                ["id"] = "s", ["type"] = "split", ["holdoutPercent"] = 10,
                ["variants"] = new JsonArray(
                    new JsonObject { ["name"] = "a", ["weight"] = 3, ["next"] = "done" },
                    new JsonObject { ["name"] = "b", ["weight"] = 1, ["next"] = "done" }),
            }, Exit())).Steps[0];
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["holdout"] = 0 };
        for (var i = 0; i < 10_000; i++)
        {
            var id = JourneyHash.Id($"cmd{i}", "j");
            var pick = JourneySplit.Choose(split, id)?.Name ?? "holdout";
            Assert.Equal(pick, JourneySplit.Choose(split, id)?.Name ?? "holdout");
            counts[pick]++;
        }
        Assert.InRange(counts["holdout"], 800, 1200);
        Assert.InRange(counts["a"], 6400, 7100);
        Assert.InRange(counts["b"], 2000, 2500);
    }

    [Fact]
    public void Holdout_exits_at_once_and_is_recorded()
    {
        var def = Parse(Journey("j",
            new JsonObject
            {
                ["id"] = "s", ["type"] = "split", ["holdoutPercent"] = 99,
                ["variants"] = new JsonArray(new JsonObject { ["name"] = "a", ["weight"] = 1, ["next"] = "t" }),
            }, Tag("t", "a", "done"), Exit()));
        var holdouts = 0;
        for (var i = 0; i < 20; i++)
        {
            var c = new FakeCustomer(def);
            c.Send(Added(), T0);
            var chosen = Assert.Single(c.Events.OfType<VariantChosen>()).Variant;
            if (chosen != JourneyDecider.Holdout) continue;
            holdouts++;
            Assert.Equal(ExitReasons.Holdout, Assert.Single(c.Exits).Reason);
            Assert.Empty(c.Effects);
        }
        Assert.True(holdouts >= 15);
    }

    [Fact]
    public void Every_action_becomes_an_effect_with_rendered_templates_and_stable_ids()
    {
        var steps = new[]
        {
            Action("m", new JsonObject
            {
                ["type"] = "send_message", ["kind"] = "link", ["class"] = "service", ["url"] = "https://x.example/a",
                ["title"] = "For {{customer.name}}", ["template"] = "Hi {{customer.name}} from {{ persona.name }}, {{property.city}} {{event.data.model}} ({{journey.name}})",
            }, "r"),
            Action("r", new JsonObject { ["type"] = "remove_tag", ["tag"] = "old" }, "p"),
            Action("p", new JsonObject { ["type"] = "set_property", ["property"] = "welcomed", ["value"] = "by {{agent.name}}" }, "k"),
            Action("k", new JsonObject { ["type"] = "create_task", ["title"] = "Call {{customer.name}}", ["note"] = "tags {{customer.tags}}", ["dueIn"] = "1d" }, "n"),
            Action("n", new JsonObject { ["type"] = "notify_agent", ["title"] = "{{customer.id}} is here", ["body"] = "now" }, "g"),
            Action("g", new JsonObject { ["type"] = "add_to_group", ["pool"] = "fans" }, "s"),
            Action("s", new JsonObject { ["type"] = "start_journey", ["journey"] = "other" }, "h"),
            Action("h", new JsonObject { ["type"] = "webhook", ["url"] = "https://crm.example/h", ["secret"] = "crm" }, "done"),
            Exit(),
        };
        var c = new FakeCustomer(Parse(Journey("j", steps)))
        {
            Facts = Facts("vip", "new") with { Properties = new Dictionary<string, string> { ["city"] = "Suzhou" } },
        };
        c.Send(Added("""{"model":"AP-300"}"""), T0);

        var m = c.Of<SendMessageEffect>().Single();
        Assert.Equal("Hi Lin from Xiao Wanzi, Suzhou AP-300 (Test journey)", m.Text);
        Assert.Equal(("For Lin", "p1", MessageClass.Service, MessageKind.Link), (m.Title, m.PersonaId, m.Class, m.Kind));
        Assert.Equal("old", c.Of<RemoveTagEffect>().Single().Tag);
        Assert.Equal("by Mei", c.Of<SetPropertyEffect>().Single().Value);
        var task = c.Of<CreateTaskEffect>().Single();
        Assert.Equal(("Call Lin", "tags vip, new", T0.AddDays(1)), (task.Title, task.Note, task.DueAt));
        Assert.Equal("c1 is here", c.Of<NotifyAgentEffect>().Single().Title);
        Assert.Equal("fans", c.Of<AddToGroupEffect>().Single().PoolId);
        Assert.Equal("other", c.Of<StartJourneyEffect>().Single().TargetJourneyId);
        var hook = c.Of<WebhookEffect>().Single();
        Assert.Equal(("https://crm.example/h", "crm"), (hook.Url, hook.SecretName));
        Assert.Contains("\"customerId\":\"c1\"", hook.PayloadJson, StringComparison.Ordinal);

        var instance = Assert.Single(c.Events.OfType<JourneyEntered>()).InstanceId;
        Assert.Equal($"{instance}:1:m", m.EffectId);
        Assert.Equal(8, c.Effects.Select(e => e.EffectId).Distinct().Count());
    }

    [Fact]
    public void An_instant_loop_that_slipped_past_validation_is_stopped_by_the_guard()
    {
        var looping = new JourneyDefinition("loop", "Loop", 1, null, null, new EventTrigger(EventTypes.CustomerAdded, []),
            Reentry.Never, 1, null, "a",
            [new ActionStep("a", new AddTagAction("x"), "b"), new BranchStep("b", [], "a")]);
        var c = new FakeCustomer(looping);
        c.Send(Added(), T0);
        Assert.Equal(ExitReasons.LoopGuard, Assert.Single(c.Exits).Reason);
        Assert.Empty(c.State.Instances);
        Assert.Equal(JourneyDecider.MaxInstantSteps / 2, c.Of<AddTagEffect>().Count());
    }
}
