using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace PrivateDomain.Tests.Unit;

/// <summary>One Orleans serializer, configured as the silo's, for the tests of stored shapes and sizes.</summary>
public static class OrleansSerializer
{
    public static Serializer Instance { get; } = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
}
