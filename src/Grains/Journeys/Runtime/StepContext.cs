using System.Text.Json;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>What conditions and templates of one instance can see: the customer's facts and its event data.</summary>
internal sealed class StepContext(JourneyDefinition definition, JourneyFacts facts, string? entryData, string? awaitedData)
{
    private readonly IReadOnlyDictionary<string, JsonElement> _entry = EventView.Read(entryData);
    private readonly IReadOnlyDictionary<string, JsonElement> _awaited = EventView.Read(awaitedData);

    public JourneyDefinition Definition => definition;
    public JourneyFacts Facts => facts;

    public bool Holds(Condition condition) => condition switch
    {
        TagCondition t => facts.Tags.Contains(t.Tag, StringComparer.Ordinal),
        PropertyCondition p => FilterEval.Holds(FilterEval.FromText(facts.Properties.GetValueOrDefault(p.Property)), p.Op, p.Value),
        RfmSegmentCondition s => s.In.Contains(facts.RfmSegment, StringComparer.Ordinal),
        RfmScoreCondition s => Compare(s.Score switch { RfmScore.R => facts.R, RfmScore.F => facts.F, _ => facts.M }, s.Op, s.Value),
        LifecycleCondition l => l.In.Contains(facts.Lifecycle, StringComparer.Ordinal),
        SegmentCondition s => InSegment(s.Segment),
        EventDataCondition e => FilterEval.Holds(Data(e.Of == EventSource.Awaited ? _awaited : _entry, e.Path), e.Op, e.Value),
        AllCondition all => all.Conditions.All(Holds),
        AnyCondition any => any.Conditions.Any(Holds),
        NotCondition not => !Holds(not.Condition),
        _ => false,
    };

    /// <summary>Fills <c>{{variables}}</c>; <c>event.data.*</c> reads the last awaited event, else the entering one.</summary>
    public string? Render(string? template) => template is null ? null : TemplateText.Replace(template, Variable);

    private string Variable(string name) => name switch
    {
        "customer.id" => facts.CustomerId,
        "customer.name" => facts.CustomerName ?? "",
        "customer.tags" => string.Join(", ", facts.Tags),
        "persona.name" => facts.PersonaName ?? "",
        "agent.name" => facts.AgentName ?? "",
        "journey.name" => definition.Name,
        _ when name.StartsWith("property.", StringComparison.Ordinal) => facts.Properties.GetValueOrDefault(name["property.".Length..]) ?? "",
        _ when name.StartsWith("event.", StringComparison.Ordinal) =>
            (Data(_awaited, name["event.".Length..]) ?? Data(_entry, name["event.".Length..])) is { } v ? FilterEval.Text(v) ?? v.GetRawText() : "",
        _ => "",
    };

    /// <summary>Membership as of the decision (the facts' RFM segment and lifecycle stage, as <see cref="SegmentClock"/> reads them).</summary>
    private bool InSegment(string segment) =>
        segment.StartsWith(SegmentNames.LifecyclePrefix, StringComparison.Ordinal) ? facts.Lifecycle == segment[SegmentNames.LifecyclePrefix.Length..]
        : SegmentNames.Rfm.Contains(segment, StringComparer.Ordinal) ? facts.RfmSegment == segment
        : facts.Segments.Contains(segment, StringComparer.Ordinal);

    private static JsonElement? Data(IReadOnlyDictionary<string, JsonElement> view, string path) =>
        view.TryGetValue(path, out var v) ? v : null;

    private static bool Compare(int actual, FilterOp op, int value) => op switch
    {
        FilterOp.Eq => actual == value,
        FilterOp.Ne => actual != value,
        FilterOp.Gt => actual > value,
        FilterOp.Gte => actual >= value,
        FilterOp.Lt => actual < value,
        FilterOp.Lte => actual <= value,
        _ => false,
    };
}
