using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>
/// Parses the JSON text of a journey definition into a <see cref="JourneyDefinition"/>, or returns every problem with
/// its JSON path. Pure and deterministic: the same text always yields the same problems in the same order
/// (document structure first, then the step graph), whatever the order of properties in the objects.
/// </summary>
public static partial class JourneyValidator
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxSteps = 200;
    public const int MaxConcurrentLimit = 10;

    private static readonly string[] TopFields =
        ["$schema", "id", "name", "version", "description", "timezone", "entry", "reentry", "maxConcurrent", "goal", "start", "steps"];

    public static JourneyValidation Validate(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes) return Fail("$", $"a definition is at most {MaxBytes / 1024} KiB of JSON.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 40, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return Fail("$", $"not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var problems = new List<JourneyProblem>();
            var definition = Read(new Reader(doc.RootElement, "", problems));
            return problems.Count == 0 ? new JourneyValidation(definition, []) : new JourneyValidation(null, problems);
        }
    }

    private static JourneyDefinition? Read(Reader r)
    {
        if (!r.IsObject(TopFields)) return null;
        var id = r.Id("id");
        var name = r.String("name", 200);
        var version = r.Int("version", 1, int.MaxValue);
        var description = r.OptionalString("description", 2_000);
        var timezone = Timezone(r);
        var entryReader = r.Object("entry", required: true);
        var entry = entryReader is null ? new EventTrigger("", []) : TriggerParser.Entry(entryReader);
        var reentry = TriggerParser.Reentry(r.Object("reentry", required: false));
        var maxConcurrent = r.Int("maxConcurrent", 1, MaxConcurrentLimit, 1);
        if (maxConcurrent > 1 && reentry.Mode != ReentryMode.AfterDays)
            r.Problem("maxConcurrent", "more than one concurrent instance needs reentry mode 'after_days'; 'never' and 'after_exit' allow one.");
        var goal = FilterParser.OptionalMatch(r, "goal", required: false);
        var start = r.Id("start");
        var steps = r.Array("steps", 1, MaxSteps).Select(s => StepParser.Parse(s, id)).ToList();
        JourneyGraph.Check(start, steps, r.Problems);
        return new JourneyDefinition(id, name, version, description, timezone, entry, reentry, maxConcurrent, goal, start, steps);
    }

    /// <summary>
    /// The IANA zone used when a customer's own timezone is unknown (a customer's zone always wins). Checked against
    /// the host's time zone database; UTC when absent.
    /// </summary>
    private static string? Timezone(Reader r)
    {
        var tz = r.OptionalString("timezone", 64);
        if (tz is not null && (!TimezonePattern().IsMatch(tz) || !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _)))
            r.Problem("timezone", $"unknown IANA time zone '{Reader.Clip(tz)}'; use a name such as Asia/Shanghai or UTC.");
        return tz;
    }

    private static JourneyValidation Fail(string path, string message) => new(null, [new JourneyProblem(path, message)]);

    [GeneratedRegex(@"^(UTC|[A-Za-z]+(/[A-Za-z0-9_+\-]+){1,2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimezonePattern();
}
