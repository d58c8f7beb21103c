using System.Globalization;
using System.Text.Json;

namespace PrivateDomain.Grains.Domain;

/// <summary>Typed reads of an event's <c>data</c> object; missing or mistyped fields read as null.</summary>
public sealed class EventData
{
    private readonly Dictionary<string, JsonElement> _fields;

    private EventData(Dictionary<string, JsonElement> fields) => _fields = fields;

    public static EventData Parse(string dataJson)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrEmpty(dataJson) ? "{}" : dataJson);
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (doc.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in doc.RootElement.EnumerateObject()) fields[p.Name] = p.Value.Clone();
        }
        return new EventData(fields);
    }

    public string? String(string name) =>
        _fields.TryGetValue(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    public decimal? Decimal(string name) =>
        _fields.TryGetValue(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetDecimal(out var d) => d,
            JsonValueKind.String when decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        } : null;

    /// <summary>A flat object of scalars (e.g. <c>identities</c>, <c>properties</c>) as strings.</summary>
    public IReadOnlyDictionary<string, string> Map(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!_fields.TryGetValue(name, out var v) || v.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in v.EnumerateObject())
        {
            var text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                _ => null,
            };
            if (text is not null) result[p.Name] = text;
        }
        return result;
    }

    /// <summary>A string or an array of strings (e.g. <c>tags</c>).</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (!_fields.TryGetValue(name, out var v)) return [];
        return v.ValueKind switch
        {
            JsonValueKind.String => [v.GetString()!],
            JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList(),
            _ => [],
        };
    }
}
