using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Handover;

/// <summary>One customer's transfer facts in a persona.</summary>
[GenerateSerializer, Alias("pd.CustomerTransfers")]
public sealed record CustomerTransfers
{
    /// <summary>When each completed on-the-job transfer happened, pruned to the cap window.</summary>
    [Id(0)] public List<DateTimeOffset> OnTheJob { get; init; } = [];
    [Id(1)] public string? PendingHandoverId { get; set; }
    [Id(2)] public string? PendingToAgentId { get; set; }
    /// <summary>The reservation stops holding the customer after this (due time plus grace).</summary>
    [Id(3)] public DateTimeOffset? PendingUntil { get; set; }
}

/// <summary>The persisted transfer ledger of one persona.</summary>
[GenerateSerializer, Alias("pd.HandoverLedgerState")]
public sealed record HandoverLedgerState
{
    [Id(0)] public Dictionary<string, CustomerTransfers> Customers { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The newest handover ids first, bounded.</summary>
    [Id(1)] public List<string> Recent { get; init; } = [];
}

/// <summary>The persisted facts of one handover.</summary>
[GenerateSerializer, Alias("pd.HandoverState")]
public sealed record HandoverState
{
    [Id(0)] public HandoverRequest? Request { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public DateTimeOffset DueAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public List<HandoverCustomerView> Customers { get; set; } = [];
}
