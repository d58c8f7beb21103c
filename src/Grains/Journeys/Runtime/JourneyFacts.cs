namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// The customer facts conditions and templates read, supplied by the grain at decision time (a read-only view, so
/// the decider does not depend on CustomerState). <see cref="TimeZoneId"/> is IANA; null falls back to the
/// definition's zone, then UTC.
/// </summary>
public sealed record JourneyFacts
{
    public required string CustomerId { get; init; }
    public string? CustomerName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public string RfmSegment { get; init; } = "no_purchase";
    public int R { get; init; }
    public int F { get; init; }
    public int M { get; init; }
    public string Lifecycle { get; init; } = "unknown";
    /// <summary>Named segments beyond RFM and lifecycle; nothing computes any yet (definitions cannot name them).</summary>
    public IReadOnlyCollection<string> Segments { get; init; } = [];
    public string? TimeZoneId { get; init; }
    /// <summary>The zone date and schedule triggers fall back to after the customer's and the journey's (the cadence policy's).</summary>
    public string DefaultTimeZoneId { get; init; } = "UTC";
    /// <summary>What RFM and lifecycle are computed from, so segment triggers can see them change with time; null: fixed.</summary>
    public CustomerActivity? Activity { get; init; }
    public string? PersonaId { get; init; }
    /// <summary>The owning persona's and agent's display names, as the silo's name cache last read them (null: unset or unknown).</summary>
    public string? PersonaName { get; init; }
    public string? AgentName { get; init; }
}
