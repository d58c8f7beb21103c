namespace PrivateDomain.Contracts;

/// <summary>Who asks for a touch outside journeys (numbered as the cadence ledger numbers touch sources).</summary>
public enum TouchSender
{
    Campaign = 1,
    GroupSop = 2,
    AgentMassSend = 3,
}

/// <summary>Marketing touches count against marketing caps; service touches (orders, after-sales, reminders) bypass them.</summary>
public enum TouchMessageClass
{
    Marketing = 0,
    Service = 1,
}

/// <summary>What the ledger did with a touch request.</summary>
public enum TouchOutcome
{
    Sent = 0,
    Deferred = 1,
    Dropped = 2,
    Skipped = 3,
}

/// <summary>
/// The message a touch puts in the outbox once the ledger lets it go: <see cref="Kind"/> (text, image, link, …) and
/// <see cref="Text"/> as the outbox row carries them, from <see cref="PersonaId"/> (default: the customer's owning
/// persona), to the customer or, for a group SOP @-mention, in <see cref="GroupId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.TouchMessage")]
public sealed record TouchMessage(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] string? PersonaId = null,
    [property: Id(3)] string? GroupId = null);

/// <summary>
/// A non-journey sender asking to touch one customer. <see cref="TouchId"/> is the idempotency key and the outbox
/// delivery id, so it is unique in the tenant (e.g. <c>{campaignId}:{customerId}</c>); asking again with it answers
/// the first decision. <see cref="Channel"/> is a cadence channel (<c>wecom_1to1</c>, <c>group_mention</c>, <c>sms</c>, …);
/// <see cref="MaxDeferral"/> overrides the tenant policy's.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.TouchRequest")]
public sealed record TouchRequest(
    [property: Id(0)] string TouchId,
    [property: Id(1)] TouchSender Sender,
    [property: Id(2)] string SourceId,
    [property: Id(3)] string Channel,
    [property: Id(4)] TouchMessageClass Class,
    [property: Id(5)] bool IsMass,
    [property: Id(6)] TouchMessage Message,
    [property: Id(7)] TimeSpan? MaxDeferral = null);

/// <summary>
/// The ledger's answer to a touch request: <see cref="Reason"/> is a stable code (allowed, quiet_hours, cap_reached,
/// min_gap, max_deferral_exceeded, no_persona), <see cref="Until"/> when a deferred touch is due again (it is then sent
/// or dropped by the customer's grain on its own), <see cref="Repeated"/> true when the touch id was decided before.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.TouchAnswer")]
public sealed record TouchAnswer(
    [property: Id(0)] string TouchId,
    [property: Id(1)] TouchOutcome Outcome,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset DecidedAt,
    [property: Id(5)] DateTimeOffset? Until,
    [property: Id(6)] string? Detail,
    [property: Id(7)] bool Repeated);
