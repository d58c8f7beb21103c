using Orleans.Concurrency;

namespace PrivateDomain.Contracts.Grains;

/// <summary>Implemented by each gateway: receives console pushes and forwards them to its SignalR connections.</summary>
[Alias("pd.IConsoleObserver")]
public interface IConsoleObserver : IGrainObserver
{
    /// <summary>
    /// Delivers a batch of pushes; best-effort, consoles resync from feeds. One-way, so a dead or slow gateway
    /// (until its registration lapses) never holds up the pushes to the others.
    /// </summary>
    [Alias("PushAsync"), OneWay]
    Task PushAsync(IReadOnlyList<ConsolePush> pushes);

    /// <summary>Removes these connections (those on this gateway; others are ignored) from the persona's push group.</summary>
    [Alias("RevokePersonaAsync"), OneWay]
    Task RevokePersonaAsync(string tenantId, string personaId, IReadOnlyList<string> connectionIds);
}
