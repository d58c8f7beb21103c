using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>
/// A receive quota one delivery takes: <see cref="Subject"/> is <c>c:{customerId}</c> (a 1:1 message) or
/// <c>g:{groupId}</c> (a group post), <see cref="Period"/> the calendar month (<c>2026-11</c>) it counts in,
/// <see cref="Limit"/> how many campaign deliveries the subject may receive in that period.
/// </summary>
public sealed record QuotaClaim(string Subject, string Period, int Limit);

/// <summary>
/// One delivery as planning places it: the outbox row (status <c>held</c> under <see cref="TaskId"/> for a confirm-first
/// channel, else <c>pending</c>; <see cref="OutboxMessage.NextAttemptAt"/> its scheduled time), the quota it takes, and
/// the customers it reaches (a group post's members; a 1:1 message's customer).
/// </summary>
public sealed record PlannedDelivery(OutboxMessage Message, string? TaskId, QuotaClaim Quota, IReadOnlyList<string> Recipients);

/// <summary>One planning chunk of a campaign, placed atomically.</summary>
public sealed record CampaignChunk(string TenantId, string CampaignId, IReadOnlyList<PlannedDelivery> Deliveries);

/// <summary>What placing a chunk did: deliveries placed now, skipped for quota, and found placed before (a replay).</summary>
public sealed record PlacementResult(int Placed, int SkippedQuota, int AlreadyPlaced, long Recipients);

/// <summary>
/// Campaign deliveries next to the outbox (same database, same transaction): receive-quota reservation at planning,
/// held/paused/cancelled delivery states, and results (reached, read, clicked, converted). Every call is idempotent.
/// </summary>
public interface ICampaignStore
{
    /// <summary>
    /// In one transaction, per delivery: if the campaign placed it before, nothing (counted as already placed); else
    /// reserves its quota (used &lt; limit) and writes the outbox row and its recipient rows; over quota, records it as
    /// skipped (no outbox row). Held/pending rows wake the outbox sender.
    /// </summary>
    Task<PlacementResult> PlaceAsync(CampaignChunk chunk, CancellationToken cancellationToken = default);

    /// <summary>Held deliveries of one task become pending (or paused when <paramref name="paused"/>); returns how many.</summary>
    Task<int> ReleaseTaskAsync(string tenantId, string campaignId, string taskId, bool paused, CancellationToken cancellationToken = default);

    /// <summary>Pending deliveries of the campaign become paused; returns how many.</summary>
    Task<int> PauseAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Paused deliveries of the campaign become pending; returns how many.</summary>
    Task<int> ResumeAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Unsent deliveries (held, pending, paused) of the campaign — or of one task when <paramref name="taskId"/> is given —
    /// become cancelled and give their quota back; returns how many.
    /// </summary>
    Task<int> CancelAsync(string tenantId, string campaignId, string? taskId, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="customerId"/> read (or clicked) the delivery; first time only. False when unknown.</summary>
    Task<bool> RecordSignalAsync(string tenantId, string deliveryId, string customerId, CampaignSignal signal, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Attributes a purchase to the customer's latest campaign delivery sent within its campaign's conversion window
    /// before <paramref name="at"/> and not yet converted; once per order id. Returns the campaign id, or null.
    /// </summary>
    Task<string?> AttributePurchaseAsync(string tenantId, string customerId, string orderId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Sets a campaign's conversion window (before its first chunk is placed).</summary>
    Task SetConversionWindowAsync(string tenantId, string campaignId, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>The campaign's counts (Deliveries … Revenue).</summary>
    Task<CampaignCounts> CountsAsync(string tenantId, string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Per-group results, largest groups first.</summary>
    Task<IReadOnlyList<CampaignGroupResult>> GroupResultsAsync(string tenantId, string campaignId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Quota used by a subject in a period (for tests and the API).</summary>
    Task<int> QuotaUsedAsync(string tenantId, string subject, string period, CancellationToken cancellationToken = default);
}

/// <summary>A recipient's reaction to a campaign delivery.</summary>
public enum CampaignSignal
{
    Read = 1,
    Clicked = 2,
}

/// <summary>
/// A customer's facts an audience is selected by, kept next to the outbox by the customer's grain (written when they
/// change): owner, tags, name, time zone, purchase figures (for the RFM segment, computed at selection time).
/// </summary>
public sealed record CustomerDirectoryEntry(
    string TenantId, string CustomerId, string? OwnerPersonaId, string? OwnerAgentId, string? Name, string? TimeZone,
    IReadOnlyList<string> Tags, int PurchaseCount, decimal PurchaseTotal, DateTimeOffset? LastPurchaseAt, bool Removed);

/// <summary>The tenant-wide customer directory campaigns select 1:1 audiences from.</summary>
public interface ICustomerDirectory
{
    /// <summary>Upserts the entries (last wins).</summary>
    Task UpsertAsync(IReadOnlyList<CustomerDirectoryEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pages through a tenant's customers not removed, by id after <paramref name="after"/>: those listed, or carrying
    /// any of the tags, or (when <paramref name="all"/>) every one — the caller filters segments.
    /// </summary>
    Task<IReadOnlyList<CustomerDirectoryEntry>> PageAsync(string tenantId, IReadOnlyList<string>? customerIds, IReadOnlyList<string>? tags, bool all,
        string? after, int limit, CancellationToken cancellationToken = default);
}
