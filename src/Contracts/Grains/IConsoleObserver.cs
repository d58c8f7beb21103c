namespace PrivateDomain.Contracts.Grains;

/// <summary>Implemented by each gateway: receives console pushes and forwards them to its SignalR connections.</summary>
[Alias("pd.IConsoleObserver")]
public interface IConsoleObserver : IGrainObserver
{
    /// <summary>Delivers a batch of pushes; best-effort, consoles resync from feeds.</summary>
    [Alias("PushAsync")]
    Task PushAsync(IReadOnlyList<ConsolePush> pushes);
}
