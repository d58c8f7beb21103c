namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// A grain the durable wake-up index can wake (journey waits and the like): its grain type is the wake-up's kind and
/// its key is <c>{tenant}/{entity}</c>. Wake-ups may arrive late, twice or after the wait was cancelled: the grain
/// reconciles against its own state (what is due at the time it is called), it never trusts the tick.
/// </summary>
[Alias("pd.IWakeUpTarget")]
public interface IWakeUpTarget : IGrainWithStringKey
{
    [Alias("WakeAsync")]
    Task WakeAsync(string key, DateTimeOffset dueAt);
}
