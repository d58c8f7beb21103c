namespace PrivateDomain.Grains.Cadence;

/// <summary>A send as the caps see it.</summary>
[GenerateSerializer, Immutable, Alias("pd.SentTouch")]
public sealed record SentTouch(
    [property: Id(0)] string TouchId,
    [property: Id(1)] string Channel,
    [property: Id(2)] TouchClass Class,
    [property: Id(3)] bool IsMass,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A touch waiting for quiet hours to end or a window to free up; re-decided from <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.DeferredTouch")]
public sealed record DeferredTouch(
    [property: Id(0)] Touch Touch,
    [property: Id(1)] DateTimeOffset Until,
    [property: Id(2)] string Reason,
    [property: Id(3)] int Deferrals);

[GenerateSerializer, Immutable, Alias("pd.CadenceEntry")]
public sealed record CadenceEntry(
    [property: Id(0)] Touch Touch,
    [property: Id(1)] CadenceDecision Decision);

/// <summary>
/// One customer's contact-pressure ledger. Bounded: sends only as far back as the longest cap window, the newest
/// decided touch ids for idempotency, the newest decisions for the customer 360, and the deferred queue.
/// </summary>
[GenerateSerializer, Alias("pd.CadenceLedgerState")]
public sealed record CadenceLedgerState
{
    [Id(0)] public List<SentTouch> Sent { get; init; } = [];
    [Id(1)] public List<DeferredTouch> Deferred { get; init; } = [];
    [Id(2)] public List<string> RecentTouchIds { get; init; } = [];
    [Id(3)] public List<CadenceEntry> History { get; init; } = [];

    /// <summary>When the earliest deferred touch is due: what a reminder or timer should wake up for.</summary>
    public DateTimeOffset? NextDueAt => Deferred.Count == 0 ? null : Deferred.Min(d => d.Until);
}
