using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Silo.Streams;

/// <summary>The grain that consumes a stream.</summary>
public static class StreamGrains
{
    public static IEventConsumerGrain For(IGrainFactory grains, StreamKey key) => For(grains, key.Kind, key.GrainKey);

    public static IEventConsumerGrain For(IGrainFactory grains, StreamKind kind, string grainKey) => kind switch
    {
        StreamKind.Customer => grains.GetGrain<ICustomerGrain>(grainKey),
        StreamKind.Group => grains.GetGrain<IGroupGrain>(grainKey),
        StreamKind.Persona => grains.GetGrain<IPersonaGrain>(grainKey),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
