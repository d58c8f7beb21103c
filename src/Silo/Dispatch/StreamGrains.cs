using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Silo.Dispatch;

/// <summary>The grain that consumes a stream.</summary>
public static class StreamGrains
{
    public static IEventConsumerGrain For(IGrainFactory grains, StreamKey key) => key.Kind switch
    {
        StreamKind.Customer => grains.GetGrain<ICustomerGrain>(key.GrainKey),
        StreamKind.Group => grains.GetGrain<IGroupGrain>(key.GrainKey),
        StreamKind.Persona => grains.GetGrain<IPersonaGrain>(key.GrainKey),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };
}
