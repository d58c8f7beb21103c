using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Grains.Handover;

/// <summary>WeCom's customer-transfer rules as the engine applies them. Section "Handover".</summary>
public sealed class HandoverOptions
{
    public const string SectionName = "Handover";

    /// <summary>How long a customer has to refuse before the takeover completes (WeCom: 24 hours).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "30.00:00:00")]
    public TimeSpan WaitingPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>On-the-job transfers one customer may take within <see cref="CapWindow"/> (WeCom: 2).</summary>
    [Range(1, 100)]
    public int OnTheJobCap { get; set; } = 2;

    /// <summary>The rolling window of the on-the-job cap (WeCom: 90 days).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan CapWindow { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Customers one agent may own in a persona unless the agent sets its own limit.</summary>
    [Range(1, 10_000_000)]
    public int DefaultCustomerLimit { get; set; } = 50_000;

    /// <summary>
    /// How long past its due time a reservation still holds a customer: a handover that never completes (its grain
    /// lost between reserving and saving) cannot lock its customers for ever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan PendingGrace { get; set; } = TimeSpan.FromDays(1);
}
