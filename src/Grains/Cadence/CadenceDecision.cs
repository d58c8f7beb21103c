namespace PrivateDomain.Grains.Cadence;

public enum CadenceOutcome
{
    Send = 0,
    Defer = 1,
    Drop = 2,
    Skip = 3,
}

/// <summary>Machine-readable reason codes, stable for analytics and the customer 360.</summary>
public static class CadenceReasons
{
    public const string Allowed = "allowed";
    public const string DuplicateTouch = "duplicate_touch";
    public const string CapReached = "cap_reached";
    public const string QuietHours = "quiet_hours";
    public const string MinGap = "min_gap";
    public const string MaxDeferralExceeded = "max_deferral_exceeded";
    /// <summary>A touch request for a customer no persona owns: there is nobody to send it from.</summary>
    public const string NoPersona = "no_persona";
}

/// <summary>
/// What the ledger decided for one touch. <see cref="Detail"/> names the cap (or, for a drop, the rule that held
/// the touch back); <see cref="Until"/> is when a deferred touch is due again; <see cref="Text"/> is for people.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CadenceDecision")]
public sealed record CadenceDecision(
    [property: Id(0)] string TouchId,
    [property: Id(1)] CadenceOutcome Outcome,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset DecidedAt,
    [property: Id(5)] DateTimeOffset? Until = null,
    [property: Id(6)] string? Detail = null);
