namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// The Orleans cluster tests get their own throwaway server, so they run beside the event-store tests rather than
/// after them: most of their time is spent waiting (for a reminder, for a dead silo to be voted out).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres-cluster";
}
