namespace PrivateDomain.Grains.Groups.Cadence;

/// <summary>Who a group post comes from: the SOP schedule, a campaign, or the persona's agent.</summary>
public static class GroupPostSources
{
    public const string Sop = "sop";
    public const string Campaign = "campaign";
    public const string Agent = "agent";
}

/// <summary>One post in the group's cadence ledger, past or reserved: when, from which source, and its key (delivery or campaign id).</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupPost")]
public sealed record GroupPost(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Source,
    [property: Id(2)] string Key);

/// <summary>A cadence answer: allowed at <see cref="At"/> (maybe deferred, <see cref="Reason"/> says why) or refused.</summary>
public sealed record GroupSlot(bool Allowed, DateTimeOffset At, string Reason)
{
    public bool Deferred(DateTimeOffset wantedAt) => Allowed && At > wantedAt;
}
