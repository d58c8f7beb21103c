namespace PrivateDomain.Grains.Cadence;

/// <summary>Marketing touches count against marketing caps; service touches (order, after-sales, reminders) bypass them.</summary>
public enum TouchClass
{
    Marketing = 0,
    Service = 1,
}

public enum TouchSourceKind
{
    Journey = 0,
    Campaign = 1,
    GroupSop = 2,
    AgentMassSend = 3,
}

/// <summary>Channel names caps can be scoped to; a channel adapter may add its own.</summary>
public static class CadenceChannels
{
    public const string WeComDirect = "wecom_1to1";
    public const string GroupMention = "group_mention";
    public const string Sms = "sms";
}

/// <summary>Who asked for the touch: a journey step, a campaign, a group SOP or an agent's mass-send.</summary>
[GenerateSerializer, Immutable, Alias("pd.TouchSource")]
public sealed record TouchSource(
    [property: Id(0)] TouchSourceKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string? Step = null)
{
    public static TouchSource Journey(string journeyId, string step) => new(TouchSourceKind.Journey, journeyId, step);

    public static TouchSource Campaign(string campaignId) => new(TouchSourceKind.Campaign, campaignId);

    public override string ToString() => Step is null ? $"{Kind} {Id}" : $"{Kind} {Id}/{Step}";
}

/// <summary>
/// One outbound touch asking the ledger for permission. <see cref="Id"/> is the idempotency key: the same touch
/// redelivered is decided once. <see cref="MaxDeferral"/> overrides the policy's (a filter reminder can wait days).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.Touch")]
public sealed record Touch(
    [property: Id(0)] string Id,
    [property: Id(1)] TouchSource Source,
    [property: Id(2)] string Channel,
    [property: Id(3)] TouchClass Class,
    [property: Id(4)] bool IsMass,
    [property: Id(5)] DateTimeOffset RequestedAt,
    [property: Id(6)] TimeSpan? MaxDeferral = null);
