using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

public sealed class JourneyGraphTests
{
    private static JsonObject Branch(string id, string next, string @else) => new()
    {
        ["id"] = id,
        ["type"] = "branch",
        ["cases"] = new JsonArray(new JsonObject { ["when"] = new JsonObject { ["type"] = "tag", ["tag"] = "vip" }, ["next"] = next }),
        ["else"] = @else,
    };

    [Fact]
    public void Unknown_start_step_is_named() =>
        Journeys.Minimal().With("start", "nowhere").Validate().AssertProblem("start", "unknown step 'nowhere'");

    [Fact]
    public void Next_must_reference_an_existing_step()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("next", "foo");
        journey.Validate().AssertProblem("steps[1].next", "unknown step 'foo'");
    }

    [Fact]
    public void Every_reference_of_a_branch_and_split_is_checked()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("next", "check");
        journey.AddStep(Branch("check", "ghost-1", "ghost-2"));
        journey.AddStep(new JsonObject { ["id"] = "ab", ["type"] = "split", ["variants"] = new JsonArray(new JsonObject { ["name"] = "a", ["weight"] = 1, ["next"] = "ghost-3" }) });
        var result = journey.Validate();
        result.AssertProblem("steps[3].cases[0].next", "unknown step 'ghost-1'");
        result.AssertProblem("steps[3].else", "unknown step 'ghost-2'");
        result.AssertProblem("steps[4].variants[0].next", "unknown step 'ghost-3'");
    }

    [Fact]
    public void Duplicate_step_id_names_the_first()
    {
        var journey = Journeys.Minimal().AddStep(new JsonObject { ["id"] = "pause", ["type"] = "exit" });
        journey.Validate().AssertProblem("steps[3].id", "duplicate step id 'pause' (first at steps[1])");
    }

    [Fact]
    public void Unreachable_step_is_reported()
    {
        var journey = Journeys.Minimal().AddStep(new JsonObject { ["id"] = "orphan", ["type"] = "exit" });
        journey.Validate().AssertProblem("steps[3]", "step 'orphan' is unreachable from start 'hello'");
    }

    [Fact]
    public void Loop_without_a_wait_is_an_instant_loop()
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("next", "check");
        journey.AddStep(Branch("check", "hello", "pause"));
        journey.Validate().AssertProblem("steps[0]", "instant loop through 'hello', 'check' with no wait step");
    }

    [Fact]
    public void Step_pointing_at_itself_is_an_instant_loop()
    {
        var journey = Journeys.Minimal();
        journey.Step(0).With("next", "hello");
        journey.Step(2).With("type", "exit");
        journey.Validate().AssertProblem("steps[0]", "instant loop through 'hello'");
    }

    [Fact]
    public void Loop_through_a_wait_is_allowed()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("next", "check");
        journey.AddStep(Branch("check", "hello", "done"));
        journey.Validate().AssertValid();
    }

    [Fact]
    public void Problems_come_in_the_same_order_whatever_the_property_order()
    {
        var journey = Journeys.Minimal().With("colour", "red").With("zebra", 1).With("start", "nowhere").With("maxConcurrent", 0);
        journey.Step(1).With("next", "foo").With("duration", "0m");
        journey.AddStep(new JsonObject { ["id"] = "orphan", ["type"] = "exit" });
        var reversed = Reverse(journey);

        var first = journey.Validate().Problems;
        var second = JourneyValidator.Validate(reversed!.ToJsonString()).Problems;

        Assert.True(first.Count >= 5, string.Join("\n", first));
        Assert.Equal(first, second);
        Assert.Equal(first, journey.Validate().Problems);
        // Structure first, in a fixed field order, then the graph.
        Assert.Equal(["colour", "zebra", "maxConcurrent", "steps[1].duration", "start", "steps[1].next"], first.Select(p => p.Path).Take(6));
    }

    private static JsonNode? Reverse(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reverse(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Reverse)]),
        _ => node?.DeepClone(),
    };
}
