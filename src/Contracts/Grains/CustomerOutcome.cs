namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// How an action asked for on a customer's behalf ended elsewhere (a live-code pool's routing, a webhook's delivery),
/// for the customer's timeline. <see cref="Id"/> names it (the effect or delivery id plus a suffix): recording the same
/// id again adds nothing. A <see cref="Failed"/> outcome also goes to the owner's console.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CustomerOutcome")]
public sealed record CustomerOutcome(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Summary,
    [property: Id(3)] bool Failed);
