using Orleans.Concurrency;

namespace PrivateDomain.Contracts.Grains;

/// <summary>A stateless worker local to each silo that batches console pushes and fans them out to every gateway.</summary>
[Alias("pd.IPushNotifierGrain")]
public interface IPushNotifierGrain : IGrainWithIntegerKey
{
    /// <summary>Queues a push for fan-out.</summary>
    [OneWay]
    [Alias("PushAsync")]
    Task PushAsync(ConsolePush push);

    /// <summary>Tells every gateway to take these connections out of the persona's push group (the agent no longer operates it).</summary>
    [OneWay]
    [Alias("RevokePersonaAsync")]
    Task RevokePersonaAsync(string tenantId, string personaId, IReadOnlyList<string> connectionIds);
}
