using Orleans;

namespace PrivateDomain.Tests.Postgres.Cluster;

[GenerateSerializer, Alias("pd.tests.pg.ReminderProbeState")]
public sealed record ReminderProbeState
{
    [Id(0)] public IReadOnlyList<string> Ticks { get; init; } = [];
}
