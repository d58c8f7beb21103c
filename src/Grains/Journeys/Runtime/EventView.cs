using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// Event data as the decider reads it. An instance keeps only the values its definition actually reads
/// (<c>event_data</c> conditions and <c>{{event.data.*}}</c> templates), stored as a flat JSON object keyed by
/// path (<c>{"data.source":"store_qr"}</c>), so a waiting customer never carries a whole event payload.
/// </summary>
public static partial class EventView
{
    private static readonly ConditionalWeakTable<JourneyDefinition, string[]> PathCache = new();

    /// <summary>The data paths (<c>data.x.y</c>) the definition reads, sorted.</summary>
    public static IReadOnlyList<string> PathsOf(JourneyDefinition definition) =>
        PathCache.GetValue(definition, static d => Collect(d).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    /// <summary>The value at a path such as <c>data.source</c> in an event's data JSON, or null when absent.</summary>
    public static JsonElement? Lookup(JsonElement data, string path)
    {
        var current = data;
        foreach (var name in path.Split('.').Skip(1))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    /// <summary>Whether an event is of the match's type and passes every filter.</summary>
    public static bool Matches(EventMatch match, EngineEvent e)
    {
        if (!string.Equals(match.Event, e.Type, StringComparison.Ordinal)) return false;
        if (match.Filters.Count == 0) return true;
        using var doc = Parse(e.DataJson);
        return match.Filters.All(f => FilterEval.Holds(Lookup(doc.RootElement, f.Path), f.Op, f.Value));
    }

    /// <summary>The definition's paths picked out of <paramref name="dataJson"/>; null when none is present.</summary>
    public static string? Project(JourneyDefinition definition, string dataJson)
    {
        var paths = PathsOf(definition);
        if (paths.Count == 0) return null;
        using var doc = Parse(dataJson);
        using var buffer = new MemoryStream();
        var any = false;
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var path in paths)
            {
                if (Lookup(doc.RootElement, path) is not { } v) continue;
                w.WritePropertyName(path);
                v.WriteTo(w);
                any = true;
            }
            w.WriteEndObject();
        }
        return any ? System.Text.Encoding.UTF8.GetString(buffer.ToArray()) : null;
    }

    /// <summary>Reads a projection written by <see cref="Project"/>.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Read(string? projected)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (projected is null) return result;
        using var doc = JsonDocument.Parse(projected);
        foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = p.Value.Clone();
        return result;
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrEmpty(json) ? "{}" : json);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}");
        }
    }

    private static IEnumerable<string> Collect(JourneyDefinition d)
    {
        foreach (var step in d.Steps)
        {
            switch (step)
            {
                case BranchStep b:
                    foreach (var path in b.Cases.SelectMany(c => ConditionPaths(c.When))) yield return path;
                    break;
                case ActionStep a:
                    foreach (var text in TemplateTexts(a.Action))
                    foreach (Match m in EventVariable().Matches(text ?? ""))
                        yield return "data" + m.Groups[1].Value;
                    break;
            }
        }
    }

    private static IEnumerable<string> ConditionPaths(Condition c) => c switch
    {
        EventDataCondition e => [e.Path],
        AllCondition all => all.Conditions.SelectMany(ConditionPaths),
        AnyCondition any => any.Conditions.SelectMany(ConditionPaths),
        NotCondition not => ConditionPaths(not.Condition),
        _ => [],
    };

    internal static IEnumerable<string?> TemplateTexts(JourneyAction action) => action switch
    {
        SendMessageAction s => [s.Template, s.Title],
        SetPropertyAction p => [p.Value],
        CreateTaskAction t => [t.Title, t.Note],
        NotifyAgentAction n => [n.Title, n.Body],
        _ => [],
    };

    [GeneratedRegex(@"\{\{\s*event\.data((?:\.[A-Za-z0-9_]{1,64}){1,8})\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex EventVariable();
}
