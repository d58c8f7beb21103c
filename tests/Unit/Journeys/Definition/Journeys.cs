using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

/// <summary>Builders for definitions under test: a minimal valid journey that each test bends one way.</summary>
internal static class Journeys
{
    public static JsonObject Minimal() => new()
    {
        ["id"] = "j1",
        ["name"] = "Test journey",
        ["version"] = 1,
        ["entry"] = new JsonObject { ["type"] = "event", ["event"] = "customer.added" },
        ["start"] = "hello",
        ["steps"] = new JsonArray(
            Action("hello", new JsonObject { ["type"] = "add_tag", ["tag"] = "new" }, "pause"),
            new JsonObject { ["id"] = "pause", ["type"] = "wait", ["duration"] = "1d", ["next"] = "done" },
            new JsonObject { ["id"] = "done", ["type"] = "exit" }),
    };

    public static JsonObject Action(string id, JsonObject action, string next) =>
        new() { ["id"] = id, ["type"] = "action", ["action"] = action, ["next"] = next };

    public static JsonObject Message(string template, string kind = "text") =>
        new() { ["type"] = "send_message", ["kind"] = kind, ["class"] = "marketing", ["template"] = template };

    public static JsonObject Step(this JsonObject journey, int index) => (JsonObject)journey["steps"]![index]!;

    public static JsonObject With(this JsonObject o, string field, JsonNode? value)
    {
        o[field] = value;
        return o;
    }

    public static JsonObject Without(this JsonObject o, string field)
    {
        o.Remove(field);
        return o;
    }

    public static JsonObject AddStep(this JsonObject journey, JsonObject step)
    {
        ((JsonArray)journey["steps"]!).Add(step);
        return journey;
    }

    public static JourneyValidation Validate(this JsonObject journey) => JourneyValidator.Validate(journey.ToJsonString());

    /// <summary>Asserts the definition is refused with a problem at exactly <paramref name="path"/> mentioning <paramref name="text"/>.</summary>
    public static void AssertProblem(this JourneyValidation result, string path, string text = "")
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        Assert.True(result.Problems.Any(p => p.Path == path && p.Message.Contains(text, StringComparison.Ordinal)),
            $"expected a problem at '{path}' containing '{text}', got:\n{string.Join("\n", result.Problems)}");
    }

    public static JourneyDefinition AssertValid(this JourneyValidation result)
    {
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Definition!;
    }
}
