using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using Defs = PrivateDomain.Tests.Unit.Journeys.Definition.Journeys;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

/// <summary>Definitions, facts and a fake customer grain that runs the decide → evolve loop with fake time.</summary>
internal static class RuntimeKit
{
    public static readonly DateTimeOffset T0 = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai, a Monday

    public static JourneyFacts Facts(params string[] tags) => new()
    {
        CustomerId = "c1", CustomerName = "Lin", Tags = tags, PersonaId = "p1", PersonaName = "Xiao Wanzi", AgentName = "Mei",
    };

    public static JourneyDefinition Parse(JsonObject json) => JourneyValidator.Validate(json.ToJsonString()).Definition
        ?? throw new InvalidOperationException(string.Join("\n", JourneyValidator.Validate(json.ToJsonString()).Problems));

    /// <summary>A journey entered by <c>customer.added</c> running the given steps from the first one.</summary>
    public static JsonObject Journey(string id, params JsonObject[] steps)
    {
        var j = Defs.Minimal().With("id", id).With("start", steps[0]["id"]!.GetValue<string>());
        j["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray());
        return j;
    }

    public static JsonObject Action(string id, JsonObject action, string next) => Defs.Action(id, action, next);

    public static JsonObject Tag(string id, string tag, string next) =>
        Action(id, new JsonObject { ["type"] = "add_tag", ["tag"] = tag }, next);

    public static JsonObject Wait(string id, string duration, string next) =>
        new() { ["id"] = id, ["type"] = "wait", ["duration"] = duration, ["next"] = next };

    public static JsonObject WaitFor(string id, string evt, string timeout, string next, string timeoutNext) => new()
    {
        ["id"] = id, ["type"] = "wait", ["event"] = new JsonObject { ["event"] = evt }, ["timeout"] = timeout,
        ["next"] = next, ["timeoutNext"] = timeoutNext,
    };

    public static JsonObject Exit(string id = "done", string? reason = null) =>
        reason is null ? new() { ["id"] = id, ["type"] = "exit" } : new() { ["id"] = id, ["type"] = "exit", ["reason"] = reason };

    public static EngineEvent Added(string data = "{}", string? id = null, DateTimeOffset? at = null) =>
        Ev.Make(EventTypes.CustomerAdded, data: data, id: id, at: at ?? T0);

    public static EngineEvent Event(string type, string data = "{}", string? id = null) => Ev.Make(type, data: data, id: id, at: T0);
}

/// <summary>A customer grain in miniature: dedupe → decide → evolve, keeping every event and effect.</summary>
internal sealed class FakeCustomer(IJourneyDefinitions definitions, JourneyFacts? facts = null)
{
    private int _ticks;

    public CustomerJourneysState State { get; private set; } = CustomerJourneysState.Empty;
    public JourneyFacts Facts { get; set; } = facts ?? RuntimeKit.Facts();
    public IJourneyDefinitions Definitions { get; set; } = definitions;
    public List<JourneyEvent> Events { get; } = [];
    public List<JourneyEffect> Effects { get; } = [];

    public FakeCustomer(params JourneyDefinition[] published) : this(new JourneyDefinitionSet(published)) { }

    public JourneyDecision Handle(JourneyCommand command, DateTimeOffset now)
    {
        var decision = JourneyDecider.Decide(State, command, Facts, Definitions, now);
        foreach (var e in decision.Events) State = JourneyDecider.Evolve(State, e);
        Events.AddRange(decision.Events);
        Effects.AddRange(decision.Effects);
        return decision;
    }

    public JourneyDecision Send(EngineEvent e, DateTimeOffset now) => Handle(new EventArrived($"ev:{e.Id}", e), now);

    public JourneyDecision Tick(DateTimeOffset now) => Handle(new WakeUp($"tick:{++_ticks}", now), now);

    public JourneyDecision Start(string journeyId, DateTimeOffset now, string commandId = "start-1") =>
        Handle(new StartJourney(commandId, journeyId, "test"), now);

    public JourneyInstance Only => Assert.Single(State.Instances);

    public IEnumerable<T> Of<T>() => Effects.OfType<T>();

    public IEnumerable<JourneyExited> Exits => Events.OfType<JourneyExited>();
}
