namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Reads the <c>entry</c> trigger and the <c>reentry</c> rule.</summary>
internal static class TriggerParser
{
    private static readonly string[] Types = ["event", "segment", "tag", "date", "schedule"];

    public static EntryTrigger Entry(Reader r)
    {
        if (!r.IsObject(["type", .. Fields]))
            return new EventTrigger("", []);
        var type = r.Discriminator(Types);
        // Fields that belong to another trigger type are reported rather than silently ignored.
        string[] own = type switch
        {
            "event" => ["event", "filters"],
            "segment" => ["segment", "on"],
            "tag" => ["tag", "on"],
            "date" => ["property", "offsetDays", "recurrence", "at"],
            "schedule" => ["every", "days", "at", "audience"],
            _ => [],
        };
        if (type is not null)
        {
            foreach (var p in r.Element.EnumerateObject().Select(p => p.Name).Where(n => n != "type" && !own.Contains(n) && Fields.Contains(n)).Order(StringComparer.Ordinal))
                r.Problem(p, $"does not apply to a '{type}' trigger.");
        }
        switch (type)
        {
            case "event":
                return new EventTrigger(FilterParser.EventType(r, "event"), FilterParser.Filters(r));
            case "segment":
                return new SegmentTrigger(SegmentNames.Read(r, "segment"), r.Enum<MembershipEdge>("on"));
            case "tag":
                return new TagTrigger(r.Tag("tag"), r.Enum<MembershipEdge>("on"));
            case "date":
                return new DateTrigger(r.PropertyName("property"), r.Int("offsetDays", -366, 366, 0), r.Enum<Recurrence>("recurrence", Recurrence.Once), r.Time("at"));
            case "schedule":
            {
                var every = r.Enum<ScheduleFrequency>("every");
                IReadOnlyList<Weekday>? days = null;
                if (every == ScheduleFrequency.Weekly) days = r.Days("days");
                else if (r.Has("days")) r.Problem("days", "applies only to a weekly schedule.");
                var at = r.Time("at");
                var audience = r.Object("audience", required: true);
                return new ScheduleTrigger(every, days, at, audience is null ? new AllCondition([]) : ConditionParser.Parse(audience));
            }
            default:
                return new EventTrigger("", []);
        }
    }

    private static readonly string[] Fields = ["event", "filters", "segment", "tag", "on", "property", "offsetDays", "recurrence", "at", "every", "days", "audience"];

    public static Reentry Reentry(Reader? r)
    {
        if (r is null) return Definition.Reentry.Never;
        if (!r.IsObject("mode", "days")) return Definition.Reentry.Never;
        var mode = r.Enum<ReentryMode>("mode");
        if (mode == ReentryMode.AfterDays) return new Reentry(mode, r.Int("days", 1, 3650));
        if (r.Has("days")) r.Problem("days", "applies only to mode 'after_days'.");
        return new Reentry(mode);
    }
}
