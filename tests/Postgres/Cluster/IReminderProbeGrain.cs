using Orleans;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>A grain that records, in its persisted state, which silo delivered each reminder tick.</summary>
[Alias("pd.tests.pg.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder "probe": first tick after <paramref name="dueTime"/>, then every minute.</summary>
    [Alias("Schedule")]
    Task ScheduleAsync(TimeSpan dueTime);

    /// <summary>Whether the reminder service knows the reminder (read back from the reminder table).</summary>
    [Alias("IsScheduled")]
    Task<bool> IsScheduledAsync();

    /// <summary>The silo address of every tick so far.</summary>
    [Alias("GetTicks")]
    Task<IReadOnlyList<string>> GetTicksAsync();
}
