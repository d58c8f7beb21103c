using System.Globalization;
using System.Text.Json;
using PrivateDomain.Contracts;

namespace PrivateDomain.Gateway.Ingestion;

/// <summary>
/// Parses and validates an ingestion body: a JSON array of events. Either every event is valid and normalised,
/// or the result names each problem by "[index].field" and nothing is to be applied.
/// </summary>
public static class EventBatchParser
{
    public const int MaxEvents = 1_000;
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 4_000;
    public const int MaxDataBytes = 64 * 1024;
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "id", "type", "customerId", "groupId", "personaId", "occurredAt", "data",
    };

    public sealed record Result(IReadOnlyList<EngineEvent> Events, IDictionary<string, string[]> Errors, bool TooMany)
    {
        public bool IsValid => Errors.Count == 0 && !TooMany;
    }

    public static Result Parse(ReadOnlySpan<byte> utf8Json, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"The body is not valid JSON: {ex.Message}"];
            return new Result([], errors, false);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                errors["body"] = ["The body must be a JSON array of events."];
                return new Result([], errors, false);
            }
            var count = root.GetArrayLength();
            if (count > MaxEvents) return new Result([], errors, true);
            if (count == 0)
            {
                errors["body"] = ["The batch holds no events."];
                return new Result([], errors, false);
            }
            var events = new List<EngineEvent>(count);
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var problems = new EventProblems(index, errors);
                var e = ParseOne(element, problems, now);
                if (e is not null) events.Add(e);
                index++;
            }
            return new Result(errors.Count == 0 ? events : [], errors, false);
        }
    }

    private static EngineEvent? ParseOne(JsonElement el, EventProblems problems, DateTimeOffset now)
    {
        if (el.ValueKind != JsonValueKind.Object)
        {
            problems.Add("", "Each event must be a JSON object.");
            return null;
        }
        foreach (var p in el.EnumerateObject())
        {
            if (!KnownFields.Contains(p.Name)) problems.Add(p.Name, $"Unknown field '{Clip(p.Name)}'.");
        }
        var id = RequiredString(el, "id", problems);
        if (id is not null && (id.Length > MaxIdLength || id.Any(char.IsControl)))
            problems.Add("id", $"The id must be 1–{MaxIdLength} characters without control characters.");
        var type = RequiredString(el, "type", problems);
        if (type is not null && !EventTypes.All.Contains(type))
            problems.Add("type", $"Unknown event type '{Clip(type)}'. Known: {string.Join(", ", EventTypes.All.Order())}.");
        var customerId = OptionalId(el, "customerId", problems);
        var groupId = OptionalId(el, "groupId", problems);
        var personaId = OptionalId(el, "personaId", problems);
        var occurredAt = OccurredAt(el, problems, now);
        var data = Data(el, problems);
        if (type is not null && data is { } d && EventTypes.All.Contains(type))
            EventRules.Check(type, customerId, groupId, personaId, d, problems);
        if (!problems.Any && id is not null && type is not null && occurredAt is not null && data is not null)
            return new EngineEvent(id, type, customerId, groupId, personaId, occurredAt.Value, JsonSerializer.Serialize(data.Value));
        return null;
    }

    private static string? RequiredString(JsonElement el, string name, EventProblems problems)
    {
        if (!el.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } s)
        {
            problems.Add(name, $"'{name}' is required and must be a non-empty string.");
            return null;
        }
        return s;
    }

    private static string? OptionalId(JsonElement el, string name, EventProblems problems)
    {
        if (!el.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (!TenantKey.IsValidId(s))
        {
            problems.Add(name, $"'{name}' must be 1–{TenantKey.MaxIdLength} characters of letters, digits and _ . : @ -, starting with a letter or digit.");
            return null;
        }
        return s;
    }

    private static DateTimeOffset? OccurredAt(JsonElement el, EventProblems problems, DateTimeOffset now)
    {
        if (!el.TryGetProperty("occurredAt", out var v) || v.ValueKind != JsonValueKind.String ||
            !DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            problems.Add("occurredAt", "'occurredAt' is required as an ISO 8601 date-time, e.g. 2026-11-22T10:15:00Z.");
            return null;
        }
        if (at.UtcDateTime.Year < 2000 || at > now.AddDays(1))
        {
            problems.Add("occurredAt", "'occurredAt' must be after 2000 and not more than a day in the future.");
            return null;
        }
        return at.ToUniversalTime();
    }

    private static JsonElement? Data(JsonElement el, EventProblems problems)
    {
        if (!el.TryGetProperty("data", out var v) || v.ValueKind == JsonValueKind.Null)
            return JsonDocument.Parse("{}").RootElement.Clone();
        if (v.ValueKind != JsonValueKind.Object)
        {
            problems.Add("data", "'data' must be a JSON object.");
            return null;
        }
        // Measured as compact UTF-8, the form it is stored in.
        if (System.Text.Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(v)) > MaxDataBytes)
        {
            problems.Add("data", $"'data' must be at most {MaxDataBytes / 1024} KiB.");
            return null;
        }
        return v;
    }

    internal static string Clip(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
