using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>
/// Reads one JSON object of a definition, reporting problems under its path. Reads never throw: a missing or mistyped
/// value is reported and read as a placeholder, so one pass finds every problem. Known fields are read in a fixed order
/// and unknown ones reported sorted, so the problems do not depend on the order of properties in the document.
/// </summary>
internal sealed partial class Reader(JsonElement element, string path, List<JourneyProblem> problems)
{
    public string Path { get; } = path;
    public JsonElement Element { get; } = element;
    public List<JourneyProblem> Problems { get; } = problems;

    public static string Join(string path, string field) =>
        field.Length == 0 ? (path.Length == 0 ? "$" : path)
        : path.Length == 0 ? field
        : field[0] == '[' ? path + field : $"{path}.{field}";

    public void Problem(string field, string message) => Problems.Add(new JourneyProblem(Join(Path, field), message));

    public Reader Child(JsonElement el, string field) => new(el, Join(Path, field), Problems);

    /// <summary>True when this is an object; reports every property not in <paramref name="known"/>.</summary>
    public bool IsObject(params string[] known)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            Problem("", "must be a JSON object.");
            return false;
        }
        foreach (var name in Element.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).Order(StringComparer.Ordinal))
            Problem(name, $"unknown field '{Clip(name)}'.");
        return true;
    }

    public bool Has(string name) => Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public bool TryGet(string name, out JsonElement value) =>
        Element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public string String(string name, int max)
    {
        if (!TryGet(name, out var v))
        {
            Problem(name, "is required.");
            return "";
        }
        return StringValue(v, name, max) ?? "";
    }

    public string? OptionalString(string name, int max) => TryGet(name, out var v) ? StringValue(v, name, max) : null;

    private string? StringValue(JsonElement v, string name, int max)
    {
        if (v.ValueKind != JsonValueKind.String || v.GetString() is not { } s || s.Trim().Length == 0 || s.Length > max)
        {
            Problem(name, $"must be a non-blank string of at most {max} characters.");
            return null;
        }
        if (s.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            Problem(name, "must not hold control characters.");
            return null;
        }
        return s;
    }

    /// <summary>An id: letters, digits and <c>_ . : @ -</c>, starting with a letter or digit, at most 64 characters.</summary>
    public string Id(string name)
    {
        if (!TryGet(name, out var v))
        {
            Problem(name, "is required.");
            return "";
        }
        return IdValue(v, name) ?? "";
    }

    public string? OptionalId(string name) => TryGet(name, out var v) ? IdValue(v, name) : null;

    private string? IdValue(JsonElement v, string name)
    {
        var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (TenantKey.IsValidId(s)) return s;
        Problem(name, $"must be an id of 1–{TenantKey.MaxIdLength} letters, digits and _ . : @ -, starting with a letter or digit.");
        return null;
    }

    /// <summary>A customer property name such as <c>birthday</c> or <c>membershipSince</c>.</summary>
    public string PropertyName(string name)
    {
        var s = String(name, 64);
        if (s.Length > 0 && !PropertyPattern().IsMatch(s))
            Problem(name, "must be a property name: a letter, then letters, digits or _ (at most 64).");
        return s;
    }

    public string Tag(string name) => String(name, 64);

    public int Int(string name, int min, int max, int? fallback = null)
    {
        if (!TryGet(name, out var v))
        {
            if (fallback is { } f) return f;
            Problem(name, "is required.");
            return min;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min || i > max)
        {
            Problem(name, $"must be a whole number from {min} to {max}.");
            return min;
        }
        return i;
    }

    public T Enum<T>(string name, T? fallback = null) where T : struct, System.Enum
    {
        var names = EnumNames<T>.Map;
        if (!TryGet(name, out var v))
        {
            if (fallback is { } f) return f;
            Problem(name, $"is required: one of {EnumNames<T>.List}.");
            return default;
        }
        if (v.ValueKind == JsonValueKind.String && names.TryGetValue(v.GetString()!, out var value)) return value;
        Problem(name, $"must be one of {EnumNames<T>.List}.");
        return default;
    }

    /// <summary>The <c>type</c> discriminator of a polymorphic object, or null when it is missing or unknown.</summary>
    public string? Discriminator(IReadOnlyCollection<string> allowed)
    {
        var list = string.Join(", ", allowed);
        if (!TryGet("type", out var v))
        {
            Problem("type", $"is required: one of {list}.");
            return null;
        }
        var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (s is not null && allowed.Contains(s)) return s;
        Problem("type", $"must be one of {list}.");
        return null;
    }

    public Reader? Object(string name, bool required)
    {
        if (!TryGet(name, out var v))
        {
            if (required) Problem(name, "is required.");
            return null;
        }
        return Child(v, name);
    }

    /// <summary>The elements of an array with their readers; reports a missing, mistyped or badly sized array.</summary>
    public IReadOnlyList<Reader> Array(string name, int min, int max, bool required = true)
    {
        if (!TryGet(name, out var v))
        {
            if (required) Problem(name, "is required.");
            return [];
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            Problem(name, "must be an array.");
            return [];
        }
        var n = v.GetArrayLength();
        if (n < min || n > max)
        {
            Problem(name, min == max ? $"must hold {min} items." : $"must hold {min} to {max} items.");
            if (n > max) return [];
        }
        var field = Join(Path, name);
        return v.EnumerateArray().Select((e, i) => new Reader(e, $"{field}[{i}]", Problems)).ToList();
    }

    public TimeSpan? Duration(string name, bool required)
    {
        if (!TryGet(name, out var v))
        {
            if (required) Problem(name, "is required.");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || !Durations.TryParse(v.GetString(), out var d))
        {
            Problem(name, "must be a duration such as 30m, 12h, 3d or 1d12h.");
            return null;
        }
        if (d < Durations.Min || d > Durations.Max)
        {
            Problem(name, "must be from 1 minute to 400 days.");
            return null;
        }
        return d;
    }

    public TimeOnly Time(string name)
    {
        if (!TryGet(name, out var v))
        {
            Problem(name, "is required.");
            return default;
        }
        if (v.ValueKind != JsonValueKind.String || !LocalTimeConverter.TryParse(v.GetString(), out var t))
        {
            Problem(name, "must be a local time of day HH:mm, from 00:00 to 23:59.");
            return default;
        }
        return t;
    }

    public IReadOnlyList<Weekday> Days(string name)
    {
        var items = Array(name, 1, 7);
        var days = new List<Weekday>();
        foreach (var item in items)
        {
            var s = item.Element.ValueKind == JsonValueKind.String ? item.Element.GetString()! : "";
            var i = System.Array.IndexOf(Weekdays.Names, s);
            if (i < 0) item.Problem("", $"must be one of {string.Join(", ", Weekdays.Names)}.");
            else if (days.Contains((Weekday)i)) item.Problem("", $"repeats '{s}'.");
            else days.Add((Weekday)i);
        }
        return days;
    }

    public static string Clip(string s) => s.Length <= 64 ? s : s[..64] + "…";

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyPattern();

    private static class EnumNames<T> where T : struct, System.Enum
    {
        public static readonly Dictionary<string, T> Map =
            System.Enum.GetValues<T>().ToDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), StringComparer.Ordinal);

        public static readonly string List = string.Join(", ", Map.Keys);
    }
}
