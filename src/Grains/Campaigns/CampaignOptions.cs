using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>Campaign planning, quotas and confirm tasks. Section "Campaigns".</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>Deliveries placed per store transaction (and per persisted cursor step).</summary>
    [Range(1, 100_000)]
    public int ChunkSize { get; set; } = 500;

    /// <summary>The time zone whose calendar months the receive quotas count in.</summary>
    public string QuotaTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Campaign 1:1 messages one customer may receive per month.</summary>
    [Range(0, 10_000)]
    public int CustomerMonthlyQuota { get; set; } = 4;

    /// <summary>Campaign posts one group may receive per month.</summary>
    [Range(0, 10_000)]
    public int GroupMonthlyQuota { get; set; } = 30;

    /// <summary>The channel a spec without one uses.</summary>
    public string DefaultChannel { get; set; } = "wecom";

    /// <summary>Channels the brand may send on directly; every other channel holds deliveries until an agent confirms.</summary>
    public List<string> DirectChannels { get; set; } = ["sms", "app_push"];

    /// <summary>How often an open confirm task is reminded.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(2);

    [Range(0, 100)]
    public int MaxReminders { get; set; } = 3;

    /// <summary>An open task expires this long after it was sent; its deliveries are cancelled.</summary>
    public TimeSpan TaskDeadline { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Progress items go to a persona feed at most this often.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 100_000)]
    public int MaxTemplateLength { get; set; } = 2_000;

    /// <summary>Campaigns a tenant's list keeps (newest first).</summary>
    [Range(1, 100_000)]
    public int ListLimit { get; set; } = 1_000;

    /// <summary>Default conversion window when a spec names none.</summary>
    public TimeSpan ConversionWindow { get; set; } = TimeSpan.FromDays(7);

    public bool IsDirect(string channel) => DirectChannels.Contains(channel, StringComparer.OrdinalIgnoreCase);
}
