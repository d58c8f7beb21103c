using PrivateDomain.Postgres;
using PrivateDomain.Postgres.JourneyStats;
using PrivateDomain.Storage;
using PrivateDomain.Tests.JourneyStats;

namespace PrivateDomain.Tests.Postgres.JourneyStats;

/// <summary>The journey stats contract on PostgreSQL; each store instance stands for a separate process.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgJourneyStatsStoreTests(PostgresFixture pg) : JourneyStatsStoreContract
{
    private string? _connectionString;

    protected override async Task<IJourneyStatsStore> CreateAsync()
    {
        if (_connectionString is null)
        {
            _connectionString = await pg.NewDatabaseAsync("journeystats");
            await PostgresSchema.EnsureAsync(_connectionString, CancellationToken.None);
        }
        var connectionString = _connectionString;
        return new PostgresJourneyStatsStore(new PostgresOptions { ConnectionString = connectionString },
            new PostgresSchemaGate(ct => PostgresSchema.EnsureAsync(connectionString, ct)));
    }

    protected override ValueTask CloseAsync(IJourneyStatsStore store) => ((PostgresJourneyStatsStore)store).DisposeAsync();
}
