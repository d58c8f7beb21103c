using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Grains.Groups;

/// <summary>How live-code pools keep occupancy and alert. Section "GroupPools".</summary>
public sealed class GroupPoolOptions
{
    public const string SectionName = "GroupPools";

    /// <summary>
    /// How old a pool's member counts may be before it asks its groups again (on the next routing or read). Seats the
    /// pool reserves itself count at once; this bounds only how late joins from elsewhere are seen.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OccupancyRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A full pool that cannot open a group alerts its owner at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FullAlertInterval { get; set; } = TimeSpan.FromMinutes(10);
}
