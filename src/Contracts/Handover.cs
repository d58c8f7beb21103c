namespace PrivateDomain.Contracts;

/// <summary>WeCom's two customer transfers: 在职继承 (the giving agent still works here) and 离职继承 (they left).</summary>
public enum HandoverKind
{
    OnTheJob = 0,
    Resigned = 1,
}

/// <summary>
/// One customer's state in a handover, after WeCom's transfer_result statuses: waiting (2), completed (1),
/// refused by the customer (3), limit (4: the receiver is full, or the customer's 90-day cap is used up); plus
/// cancelled by a supervisor and failed (the customer no longer belongs to the giving agent when it completes).
/// </summary>
public enum HandoverCustomerState
{
    Waiting = 0,
    Completed = 1,
    Refused = 2,
    Limit = 3,
    Cancelled = 4,
    Failed = 5,
}

/// <summary>What a supervisor asks: move these customers of a persona from one agent to another.</summary>
[GenerateSerializer, Immutable, Alias("pd.HandoverRequest")]
public sealed record HandoverRequest(
    [property: Id(0)] string PersonaId,
    [property: Id(1)] string FromAgentId,
    [property: Id(2)] string ToAgentId,
    [property: Id(3)] HandoverKind Kind,
    [property: Id(4)] IReadOnlyList<string> CustomerIds,
    [property: Id(5)] string RequestedBy);

/// <summary>One customer of a handover: its state and, for limit/failed, why.</summary>
[GenerateSerializer, Immutable, Alias("pd.HandoverCustomerView")]
public sealed record HandoverCustomerView(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] HandoverCustomerState State,
    [property: Id(2)] string? Reason);

/// <summary>A handover's progress: per-customer states and counts per state.</summary>
[GenerateSerializer, Immutable, Alias("pd.HandoverView")]
public sealed record HandoverView(
    [property: Id(0)] string HandoverId,
    [property: Id(1)] string PersonaId,
    [property: Id(2)] string FromAgentId,
    [property: Id(3)] string ToAgentId,
    [property: Id(4)] HandoverKind Kind,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] DateTimeOffset? FinishedAt,
    [property: Id(8)] IReadOnlyDictionary<HandoverCustomerState, int> Counts,
    [property: Id(9)] IReadOnlyList<HandoverCustomerView> Customers,
    [property: Id(10)] string RequestedBy);
