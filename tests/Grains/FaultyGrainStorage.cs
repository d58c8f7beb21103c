using System.Collections.Concurrent;
using Orleans.Storage;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// The silo's grain storage with a switch that makes the next write of one grain fail, as a full disk or a lost
/// connection would. It stands in for the provider's "Default" registration, so it also passes on the silo
/// lifecycle (the ADO.NET provider loads its queries there).
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<GrainId, int> _failWrites = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();

    /// <summary>How many writes of <paramref name="grainId"/> reached the real storage.</summary>
    public int Writes(GrainId grainId) => _writes.GetValueOrDefault(grainId);

    /// <summary>The real storage, for reading what is durably stored.</summary>
    public IGrainStorage Inner => inner;

    /// <summary>Makes the next <paramref name="count"/> writes of <paramref name="grainId"/> throw before anything is stored.</summary>
    public void FailNextWrites(GrainId grainId, int count = 1) => _failWrites[grainId] = count;

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_failWrites.TryGetValue(grainId, out var left) && left > 0)
        {
            _failWrites[grainId] = left - 1;
            throw new IOException($"Injected write failure for {grainId}.");
        }
        _writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
