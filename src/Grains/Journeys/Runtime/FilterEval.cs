using System.Globalization;
using System.Text.Json;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// The filter operators on JSON values. Numbers compare as numbers (a numeric string counts as a number, since
/// customer properties are strings); everything else compares by its text. An absent value fails every operator
/// except <c>ne</c> and <c>exists: false</c>.
/// </summary>
public static class FilterEval
{
    public static bool Holds(JsonElement? actual, FilterOp op, JsonElement? expected)
    {
        if (op == FilterOp.Exists) return (actual is not null) == (expected?.ValueKind != JsonValueKind.False);
        if (actual is not { } a) return op == FilterOp.Ne;
        if (expected is not { } e) return false;
        return op switch
        {
            FilterOp.Eq => Same(a, e),
            FilterOp.Ne => !Same(a, e),
            FilterOp.In => e.ValueKind == JsonValueKind.Array && e.EnumerateArray().Any(x => Same(a, x)),
            FilterOp.Contains => a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Any(x => Same(x, e))
                : Text(a) is { } s && Text(e) is { } t && s.Contains(t, StringComparison.Ordinal),
            _ => Number(a) is { } x && Number(e) is { } y && op switch
            {
                FilterOp.Gt => x > y,
                FilterOp.Gte => x >= y,
                FilterOp.Lt => x < y,
                _ => x <= y,
            },
        };
    }

    /// <summary>A customer property (always a string) as a JSON value for <see cref="Holds"/>.</summary>
    public static JsonElement? FromText(string? text) => text is null ? null : JsonSerializer.SerializeToElement(text);

    private static bool Same(JsonElement a, JsonElement b)
    {
        if (b.ValueKind == JsonValueKind.Number || a.ValueKind == JsonValueKind.Number)
            return Number(a) is { } x && Number(b) is { } y && x == y;
        return Text(a) is { } s && s == Text(b);
    }

    public static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static decimal? Number(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
