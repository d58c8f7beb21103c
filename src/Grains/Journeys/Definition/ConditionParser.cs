using System.Text.Json;
using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Reads branch conditions and schedule audiences.</summary>
internal static class ConditionParser
{
    public const int MaxDepth = 8;
    public const int MaxChildren = 20;

    private static readonly string[] Types =
        ["tag", "property", "rfm_segment", "rfm_score", "lifecycle", "segment", "event_data", "all", "any", "not"];

    private static readonly string[] RfmSegments =
    [
        RfmCalculator.Segments.NoPurchase, RfmCalculator.Segments.Champion, RfmCalculator.Segments.Loyal, RfmCalculator.Segments.New,
        RfmCalculator.Segments.AtRisk, RfmCalculator.Segments.Hibernating, RfmCalculator.Segments.Potential,
    ];

    private static readonly string[] Stages = [.. SegmentNames.Stages];

    public static Condition Parse(Reader r, int depth = 1)
    {
        if (r.Element.ValueKind != JsonValueKind.Object)
        {
            r.Problem("", "must be a JSON object.");
            return new AllCondition([]);
        }
        if (depth > MaxDepth)
        {
            r.Problem("", $"conditions nest at most {MaxDepth} deep.");
            return new AllCondition([]);
        }
        switch (r.Discriminator(Types))
        {
            case "tag":
                r.IsObject("type", "tag");
                return new TagCondition(r.Tag("tag"));
            case "property":
            {
                r.IsObject("type", "property", "op", "value");
                var property = r.PropertyName("property");
                var op = r.Enum<FilterOp>("op");
                return new PropertyCondition(property, op, FilterParser.Value(r, op));
            }
            case "rfm_segment":
                r.IsObject("type", "in");
                return new RfmSegmentCondition(OneOf(r, "in", RfmSegments));
            case "rfm_score":
            {
                r.IsObject("type", "score", "op", "value");
                var score = r.Enum<RfmScore>("score");
                var op = r.Enum<FilterOp>("op");
                if (op is FilterOp.In or FilterOp.Contains or FilterOp.Exists)
                    r.Problem("op", "must be one of eq, ne, gt, gte, lt, lte for an RFM score.");
                return new RfmScoreCondition(score, op, r.Int("value", 0, 5));
            }
            case "lifecycle":
                r.IsObject("type", "in");
                return new LifecycleCondition(OneOf(r, "in", Stages));
            case "segment":
                r.IsObject("type", "segment");
                return new SegmentCondition(SegmentNames.Read(r, "segment"));
            case "event_data":
            {
                r.IsObject("type", "of", "path", "op", "value");
                var of = r.Enum<EventSource>("of", EventSource.Entry);
                var path = FilterParser.DataPath(r, "path");
                var op = r.Enum<FilterOp>("op");
                return new EventDataCondition(of, path, op, FilterParser.Value(r, op));
            }
            case "all":
                r.IsObject("type", "conditions");
                return new AllCondition(Children(r, depth));
            case "any":
                r.IsObject("type", "conditions");
                return new AnyCondition(Children(r, depth));
            case "not":
            {
                r.IsObject("type", "condition");
                var inner = r.Object("condition", required: true);
                return new NotCondition(inner is null ? new AllCondition([]) : Parse(inner, depth + 1));
            }
            default:
                return new AllCondition([]);
        }
    }

    private static IReadOnlyList<Condition> Children(Reader r, int depth) =>
        r.Array("conditions", 1, MaxChildren).Select(c => Parse(c, depth + 1)).ToList();

    private static IReadOnlyList<string> OneOf(Reader r, string field, string[] allowed)
    {
        var values = new List<string>();
        foreach (var item in r.Array(field, 1, allowed.Length))
        {
            var s = item.Element.ValueKind == JsonValueKind.String ? item.Element.GetString()! : "";
            if (!allowed.Contains(s)) item.Problem("", $"must be one of {string.Join(", ", allowed)}.");
            else if (values.Contains(s)) item.Problem("", $"repeats '{s}'.");
            else values.Add(s);
        }
        return values;
    }
}
