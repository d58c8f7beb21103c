using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Reads event matches and the filters and comparison values shared by filters and conditions.</summary>
internal static partial class FilterParser
{
    public const int MaxFilters = 20;
    public const int MaxInValues = 100;

    public static EventMatch? OptionalMatch(Reader parent, string field, bool required)
    {
        var r = parent.Object(field, required);
        return r is null ? null : Match(r);
    }

    /// <summary>Reads <c>{ "event": type, "filters": [...] }</c>.</summary>
    public static EventMatch Match(Reader r, params string[] extraFields)
    {
        if (!r.IsObject(["event", "filters", .. extraFields])) return new EventMatch("", []);
        return new EventMatch(EventType(r, "event"), Filters(r));
    }

    public static string EventType(Reader r, string field)
    {
        var type = r.String(field, 64);
        if (type.Length > 0 && !EventTypes.All.Contains(type))
            r.Problem(field, $"unknown event type '{Reader.Clip(type)}'; known: {string.Join(", ", EventTypes.All.Order(StringComparer.Ordinal))}.");
        return type;
    }

    public static IReadOnlyList<DataFilter> Filters(Reader r) =>
        r.Array("filters", 0, MaxFilters, required: false).Select(Filter).ToList();

    private static DataFilter Filter(Reader r)
    {
        if (!r.IsObject("path", "op", "value")) return new DataFilter("", FilterOp.Eq);
        var path = DataPath(r, "path");
        var op = r.Enum<FilterOp>("op");
        return new DataFilter(path, op, Value(r, op));
    }

    /// <summary>A dotted path into an event's data, e.g. <c>data.source</c> or <c>data.items.category</c>.</summary>
    public static string DataPath(Reader r, string field)
    {
        var path = r.String(field, 300);
        if (path.Length > 0 && !DataPathPattern().IsMatch(path))
            r.Problem(field, "must be a path into the event's data such as data.source: 'data' then 1–8 names of letters, digits or _.");
        return path;
    }

    /// <summary>The comparison value an operator needs; reports a value of the wrong shape.</summary>
    public static JsonElement? Value(Reader r, FilterOp op)
    {
        var has = r.TryGet("value", out var v);
        switch (op)
        {
            case FilterOp.Exists:
                if (has && v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) r.Problem("value", "must be true or false (or absent, meaning true) for 'exists'.");
                break;
            case FilterOp.In:
                if (!has || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() is 0 or > MaxInValues)
                    r.Problem("value", $"must be an array of 1 to {MaxInValues} strings, numbers or booleans for 'in'.");
                else
                {
                    var i = 0;
                    foreach (var item in v.EnumerateArray())
                    {
                        if (!IsScalar(item)) r.Problem($"value[{i}]", "must be a string, number or boolean.");
                        i++;
                    }
                }
                break;
            case FilterOp.Gt or FilterOp.Gte or FilterOp.Lt or FilterOp.Lte:
                if (!has || v.ValueKind != JsonValueKind.Number) r.Problem("value", $"must be a number for '{OpName(op)}'.");
                break;
            default:
                if (!has || !IsScalar(v)) r.Problem("value", $"must be a string, number or boolean for '{OpName(op)}'.");
                break;
        }
        return has ? v.Clone() : null;
    }

    public static string OpName(FilterOp op) => JsonNamingPolicy.SnakeCaseLower.ConvertName(op.ToString());

    private static bool IsScalar(JsonElement v) =>
        v.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    [GeneratedRegex(@"^data(\.[A-Za-z0-9_]{1,64}){1,8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DataPathPattern();
}
