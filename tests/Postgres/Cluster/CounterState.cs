using Orleans;

namespace PrivateDomain.Tests.Postgres.Cluster;

[GenerateSerializer, Alias("pd.tests.pg.CounterState")]
public sealed record CounterState
{
    [Id(0)] public int Count { get; init; }
}
