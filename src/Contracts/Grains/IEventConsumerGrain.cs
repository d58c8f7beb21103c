namespace PrivateDomain.Contracts.Grains;

/// <summary>A grain fed by its event stream. Delivery is at-least-once; the grain applies each log position once.</summary>
[Alias("pd.IEventConsumerGrain")]
public interface IEventConsumerGrain : IGrainWithStringKey
{
    /// <summary>Applies the events (in log order) that the grain has not applied yet; returns the applied position.</summary>
    [Alias("DeliverAsync")]
    Task<long> DeliverAsync(IReadOnlyList<LoggedEvent> events);

    /// <summary>Reads the grain's own stream from the log past its applied position and applies it; returns the applied position.</summary>
    [Alias("CatchUpAsync")]
    Task<long> CatchUpAsync();
}
