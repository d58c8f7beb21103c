using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>
/// One immutable version of a journey: who enters, how often, the step graph they walk and the goal that ends it.
/// Built only by <see cref="JourneyValidator"/>, so an instance is always valid; written back by <see cref="JourneyJson"/>.
/// </summary>
public sealed record JourneyDefinition(
    string Id,
    string Name,
    int Version,
    string? Description,
    string? Timezone,
    EntryTrigger Entry,
    Reentry Reentry,
    int MaxConcurrent,
    EventMatch? Goal,
    string Start,
    IReadOnlyList<JourneyStep> Steps)
{
    public JourneyStep? Step(string id) => Steps.FirstOrDefault(s => s.Id == id);
}

public enum ReentryMode { Never, AfterExit, AfterDays }

/// <summary>Whether a customer who was in the journey may enter it again.</summary>
public sealed record Reentry(ReentryMode Mode, int? Days = null)
{
    public static readonly Reentry Never = new(ReentryMode.Never);
}

/// <summary>An event type and filters on its data, used by entry triggers, waits and goals.</summary>
public sealed record EventMatch(string Event, IReadOnlyList<DataFilter> Filters);

public enum FilterOp { Eq, Ne, In, Contains, Exists, Gt, Gte, Lt, Lte }

/// <summary>
/// A test on one value of an event's data. <see cref="Path"/> starts with <c>data.</c>; <see cref="Value"/> is a JSON
/// scalar (an array of scalars for <c>in</c>, a boolean or nothing for <c>exists</c>, a number for the ordering operators).
/// </summary>
public sealed record DataFilter(string Path, FilterOp Op, JsonElement? Value = null);

public enum Weekday { Mon, Tue, Wed, Thu, Fri, Sat, Sun }

public static class Weekdays
{
    public static DayOfWeek ToDayOfWeek(this Weekday day) => day == Weekday.Sun ? DayOfWeek.Sunday : (DayOfWeek)((int)day + 1);

    internal static readonly string[] Names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
}

/// <summary>The serializer settings that produce the canonical text of a definition.</summary>
internal static class JourneyJsonOptions
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
        // Stored and shown to operators, never embedded in HTML: keep Chinese text and dashes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
