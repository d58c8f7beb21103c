namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>Console feed item kinds raised by journeys (the feed dedupes by event id and kind; the id is the effect id).</summary>
public static class JourneyConsoleKinds
{
    public const string Task = "journey.task";
    public const string Notification = "journey.notification";
}

/// <summary>Timeline kinds of journey and cadence activity in the customer 360.</summary>
public static class JourneyTimelineKinds
{
    public const string Journey = "journey";
    public const string Action = "journey.action";
    public const string Pending = "journey.pending";
    public const string Cadence = "cadence";
}
