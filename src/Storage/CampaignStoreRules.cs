using PrivateDomain.Contracts;

namespace PrivateDomain.Storage;

/// <summary>What both campaign stores assume when the caller said nothing.</summary>
public static class CampaignDefaults
{
    /// <summary>The conversion window of a campaign that never set one.</summary>
    public static readonly TimeSpan ConversionWindow = TimeSpan.FromDays(7);
}

/// <summary>Argument checks both campaign stores make before touching the database.</summary>
public static class CampaignArguments
{
    public static void Check(string tenantId, string campaignId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
    }

    /// <summary>A chunk is refused whole (nothing written) when any delivery is malformed.</summary>
    public static void Check(CampaignChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        Check(chunk.TenantId, chunk.CampaignId);
        ArgumentNullException.ThrowIfNull(chunk.Deliveries);
        foreach (var delivery in chunk.Deliveries)
        {
            ArgumentNullException.ThrowIfNull(delivery, nameof(chunk));
            var m = delivery.Message ?? throw new ArgumentException("A planned delivery needs its message.", nameof(chunk));
            if (string.IsNullOrEmpty(m.DeliveryId) || m.TenantId != chunk.TenantId)
                throw new ArgumentException($"Delivery '{m.DeliveryId}' must have an id and the chunk's tenant.", nameof(chunk));
            if (m.Status is not (OutboxStatus.Held or OutboxStatus.Pending or OutboxStatus.Paused))
                throw new ArgumentException($"Delivery '{m.DeliveryId}' is placed held, pending or paused, not '{m.Status}'.", nameof(chunk));
            if (delivery.Quota is null || string.IsNullOrEmpty(delivery.Quota.Subject) || string.IsNullOrEmpty(delivery.Quota.Period))
                throw new ArgumentException($"Delivery '{m.DeliveryId}' needs a quota subject and period.", nameof(chunk));
            if (delivery.Recipients is null)
                throw new ArgumentException($"Delivery '{m.DeliveryId}' needs its recipient list.", nameof(chunk));
        }
    }
}

/// <summary>Folds one outbox status's delivery and recipient counts into a campaign's counts.</summary>
public static class CampaignStatusCounts
{
    public static CampaignCounts Add(CampaignCounts counts, string status, long deliveries, long recipients) => status switch
    {
        OutboxStatus.Held => counts with { Held = counts.Held + deliveries },
        OutboxStatus.Pending => counts with { Queued = counts.Queued + deliveries },
        OutboxStatus.Paused => counts with { Paused = counts.Paused + deliveries },
        OutboxStatus.Sent => counts with { Sent = counts.Sent + deliveries, Reached = counts.Reached + recipients },
        OutboxStatus.Failed => counts with { Failed = counts.Failed + deliveries },
        OutboxStatus.Cancelled => counts with { Cancelled = counts.Cancelled + deliveries },
        _ => counts,
    };
}
