using System.Text.Json.Serialization;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>What puts a customer into a journey.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(EventTrigger), "event")]
[JsonDerivedType(typeof(SegmentTrigger), "segment")]
[JsonDerivedType(typeof(TagTrigger), "tag")]
[JsonDerivedType(typeof(DateTrigger), "date")]
[JsonDerivedType(typeof(ScheduleTrigger), "schedule")]
public abstract record EntryTrigger;

/// <summary>An event of the type whose data passes every filter.</summary>
public sealed record EventTrigger(string Event, IReadOnlyList<DataFilter> Filters) : EntryTrigger;

public enum MembershipEdge { Enter, Leave }

/// <summary>The customer enters or leaves a named segment (e.g. an RFM segment such as <c>champion</c>).</summary>
public sealed record SegmentTrigger(string Segment, MembershipEdge On) : EntryTrigger;

/// <summary>The tag is added to (<c>enter</c>) or removed from (<c>leave</c>) the customer.</summary>
public sealed record TagTrigger(string Tag, MembershipEdge On) : EntryTrigger;

public enum Recurrence { Once, Yearly }

/// <summary>
/// A date-valued customer property plus <see cref="OffsetDays"/>, at <see cref="At"/> in the customer's local time;
/// <c>yearly</c> fires on every anniversary (birthday, membership anniversary).
/// </summary>
public sealed record DateTrigger(
    string Property,
    int OffsetDays,
    Recurrence Recurrence,
    [property: JsonConverter(typeof(LocalTimeConverter))] TimeOnly At) : EntryTrigger;

public enum ScheduleFrequency { Daily, Weekly }

/// <summary>Every customer matching <see cref="Audience"/> enters daily, or weekly on <see cref="Days"/>, at a local time.</summary>
public sealed record ScheduleTrigger(
    ScheduleFrequency Every,
    IReadOnlyList<Weekday>? Days,
    [property: JsonConverter(typeof(LocalTimeConverter))] TimeOnly At,
    Condition Audience) : EntryTrigger;
