using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Cadence;

/// <summary>The outcome of <see cref="CadencePolicyJson.Validate"/>: a policy, or every problem by JSON path.</summary>
public sealed record CadencePolicyValidation(CadencePolicy? Policy, int? ExpectedVersion, IReadOnlyList<JourneyProblem> Problems)
{
    public bool IsValid => Policy is not null;

    /// <summary>The problems grouped by path in first-seen order, the shape of an HTTP validation problem.</summary>
    public IDictionary<string, string[]> ToErrors() => new JourneyValidation(null, Problems).ToErrors();
}

/// <summary>
/// A tenant's cadence policy as JSON (docs/cadence.md): parsed with every problem named by its JSON path (as journey
/// definitions are), and written back as canonical JSON. Pure: the same text always yields the same problems.
/// </summary>
public static partial class CadencePolicyJson
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxCaps = 32;
    public const int MaxCapLimit = 10_000;

    private static readonly string[] TopFields = ["version", "timezone", "quietHours", "minGap", "maxDeferral", "caps"];
    private static readonly string[] CapFields = ["name", "max", "window", "channel", "class", "massOnly"];

    public static CadencePolicyValidation Validate(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes) return Fail($"a cadence policy is at most {MaxBytes / 1024} KiB of JSON.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return Fail($"not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var problems = new List<JourneyProblem>();
            var r = new Reader(doc.RootElement, "", problems);
            if (!r.IsObject(TopFields)) return new(null, null, problems);
            int? expected = r.Has("version") ? r.Int("version", 0, int.MaxValue) : null;
            var timezone = r.OptionalString("timezone", 64) ?? CadencePolicy.Default.DefaultTimeZoneId;
            if (!TimezonePattern().IsMatch(timezone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
                r.Problem("timezone", $"unknown IANA time zone '{Reader.Clip(timezone)}'; use a name such as Asia/Shanghai or UTC.");
            var quiet = Quiet(r.Object("quietHours", required: false));
            var minGap = r.Duration("minGap", required: false) ?? TimeSpan.Zero;
            var maxDeferral = r.Duration("maxDeferral", required: false) ?? CadencePolicy.Default.MaxDeferral;
            var caps = Caps(r.Array("caps", 0, MaxCaps));
            if (problems.Count > 0) return new(null, expected, problems);
            var policy = new CadencePolicy
            {
                Caps = caps, QuietHours = quiet, MinGap = minGap, MaxDeferral = maxDeferral, DefaultTimeZoneId = timezone,
            };
            return new(policy, expected, []);
        }
    }

    /// <summary>Canonical JSON: fields in a fixed order, durations as <c>1d12h</c>, optional cap fields only when set.</summary>
    public static string Write(CadencePolicy policy, int version)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", version);
            w.WriteString("timezone", policy.DefaultTimeZoneId);
            if (policy.QuietHours is { } q)
            {
                w.WriteStartObject("quietHours");
                w.WriteString("start", q.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("end", q.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            if (policy.MinGap > TimeSpan.Zero) w.WriteString("minGap", Durations.Format(policy.MinGap));
            w.WriteString("maxDeferral", Durations.Format(policy.MaxDeferral));
            w.WriteStartArray("caps");
            foreach (var cap in policy.Caps)
            {
                w.WriteStartObject();
                w.WriteString("name", cap.Name);
                w.WriteNumber("max", cap.Max);
                w.WriteString("window", Durations.Format(cap.Window));
                if (cap.Channel is not null) w.WriteString("channel", cap.Channel);
                if (cap.Class is { } c) w.WriteString("class", JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()));
                if (cap.MassOnly) w.WriteBoolean("massOnly", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static QuietHours? Quiet(Reader? r)
    {
        if (r is null || !r.IsObject("start", "end")) return null;
        var start = r.Time("start");
        var end = r.Time("end");
        if (start == end && r.Has("start") && r.Has("end"))
            r.Problem("end", "must differ from start; leave quietHours out for no quiet hours.");
        return new QuietHours(start, end);
    }

    private static List<FrequencyCap> Caps(IReadOnlyList<Reader> items)
    {
        var caps = new List<FrequencyCap>();
        var firstByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in items)
        {
            if (!r.IsObject(CapFields)) continue;
            var name = r.Id("name");
            if (name.Length > 0 && !firstByName.TryAdd(name, r.Path))
                r.Problem("name", $"repeats the name of {firstByName[name]}; cap names are unique.");
            var max = r.Int("max", 0, MaxCapLimit);
            var window = r.Duration("window", required: true) ?? TimeSpan.Zero;
            var channel = r.OptionalId("channel");
            TouchClass? @class = r.Has("class") ? r.Enum<TouchClass>("class") : null;
            caps.Add(new FrequencyCap(name, max, window, channel, @class, Bool(r, "massOnly")));
        }
        return caps;
    }

    private static bool Bool(Reader r, string name)
    {
        if (!r.TryGet(name, out var v)) return false;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        r.Problem(name, "must be true or false.");
        return false;
    }

    private static CadencePolicyValidation Fail(string message) => new(null, null, [new JourneyProblem("$", message)]);

    [GeneratedRegex(@"^(UTC|[A-Za-z]+(/[A-Za-z0-9_+\-]+){1,2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimezonePattern();
}
