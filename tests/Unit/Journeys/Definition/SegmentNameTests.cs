using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

/// <summary>Segment triggers and conditions accept only the segments that have a membership source.</summary>
public sealed class SegmentNameTests
{
    public static TheoryData<string> ValidNames() => [.. SegmentNames.Valid];

    private static JsonObject SegmentEntry(string segment) =>
        Journeys.Minimal().With("entry", new JsonObject { ["type"] = "segment", ["segment"] = segment, ["on"] = "enter" });

    private static JsonObject SegmentBranch(string segment)
    {
        var journey = Journeys.Minimal();
        var when = new JsonObject
        {
            ["type"] = "any",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "tag", ["tag"] = "vip" }, new JsonObject { ["type"] = "segment", ["segment"] = segment }),
        };
        journey.AddStep(new JsonObject { ["id"] = "check", ["type"] = "branch", ["cases"] = new JsonArray(new JsonObject { ["when"] = when, ["next"] = "done" }), ["else"] = "done" });
        journey.Step(1).With("next", "check");
        return journey;
    }

    [Fact]
    public void Valid_names_are_the_rfm_segments_and_every_lifecycle_stage()
    {
        Assert.Equal(14, SegmentNames.Valid.Count);
        Assert.Contains("at_risk", SegmentNames.Valid);
        Assert.Contains("no_purchase", SegmentNames.Valid);
        Assert.Contains("lifecycle:dormant", SegmentNames.Valid);
        Assert.Contains("lifecycle:first_purchase", SegmentNames.Valid);
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void A_valid_segment_is_accepted_as_trigger_and_condition(string segment)
    {
        Assert.Equal(segment, Assert.IsType<SegmentTrigger>(SegmentEntry(segment).Validate().AssertValid().Entry).Segment);
        var branch = Assert.IsType<BranchStep>(SegmentBranch(segment).Validate().AssertValid().Step("check"));
        Assert.Equal(segment, Assert.IsType<SegmentCondition>(Assert.IsType<AnyCondition>(branch.Cases[0].When).Conditions[1]).Segment);
    }

    [Theory]
    [InlineData("big-spenders")]
    [InlineData("Champion")]
    [InlineData("lifecycle:asleep")]
    [InlineData("lifecycle:")]
    public void An_unknown_trigger_segment_is_named_by_path_with_the_valid_names(string segment) =>
        SegmentEntry(segment).Validate().AssertProblem("entry.segment",
            $"unknown segment '{segment}'; use one of champion, loyal, new, potential, at_risk, hibernating, no_purchase, lifecycle:unknown,");

    [Fact]
    public void An_unknown_condition_segment_is_named_by_its_nested_path() =>
        SegmentBranch("spring-sale").Validate().AssertProblem("steps[3].cases[0].when.conditions[1].segment", "lifecycle:churned.");

    [Fact]
    public void A_segment_that_is_not_an_id_gets_only_the_id_problem()
    {
        var result = SegmentEntry("no spaces").Validate();
        result.AssertProblem("entry.segment", "must be an id");
        Assert.Single(result.Problems, p => p.Path == "entry.segment");
    }

    [Fact]
    public void The_json_schema_lists_the_same_segment_names_for_triggers_and_conditions()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "docs/schemas/journey.schema.json"))) dir = dir.Parent;
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "docs/schemas/journey.schema.json")))!;
        var enums = Find(schema).Select(e => e.Select(n => n!.GetValue<string>()).ToList()).ToList();
        Assert.Equal(2, enums.Count);
        Assert.All(enums, e => Assert.Equal(SegmentNames.Valid, e));

        static IEnumerable<JsonArray> Find(JsonNode? node) => node switch
        {
            JsonObject o => (o["properties"]?["segment"]?["enum"] is JsonArray found ? [found] : Array.Empty<JsonArray>())
                .Concat(o.SelectMany(p => Find(p.Value))),
            JsonArray a => a.SelectMany(Find),
            _ => [],
        };
    }
}
