using PrivateDomain.Postgres;
using PrivateDomain.Postgres.WakeUps;
using PrivateDomain.Storage;
using PrivateDomain.Tests.WakeUps;

namespace PrivateDomain.Tests.Postgres.WakeUps;

/// <summary>The wake-up contract on PostgreSQL; each index instance stands for a separate process.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgWakeUpIndexTests(PostgresFixture pg) : WakeUpIndexContract
{
    private string? _connectionString;

    protected override async Task<IWakeUpIndex> CreateAsync()
    {
        if (_connectionString is null)
        {
            _connectionString = await pg.NewDatabaseAsync("wakeups");
            await PostgresSchema.EnsureAsync(_connectionString, CancellationToken.None);
        }
        var connectionString = _connectionString;
        return new PostgresWakeUpIndex(new PostgresOptions { ConnectionString = connectionString }, new PostgresSchemaGate(ct => PostgresSchema.EnsureAsync(connectionString, ct)));
    }

    protected override ValueTask CloseAsync(IWakeUpIndex index) => ((PostgresWakeUpIndex)index).DisposeAsync();

    [Fact]
    public async Task Wake_ups_scheduled_by_two_processes_at_once_are_all_stored()
    {
        var peer = await OpenPeerAsync();

        // Overlapping keys from both sides, each side's batches in its own group commits.
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            (i % 2 == 0 ? Index : peer).ScheduleAsync([At($"c{i % 300}", T0.AddSeconds(i)), At($"c{(i * 7) % 300}", T0.AddSeconds(i))])));

        Assert.Equal(300, (await Index.TakeDueAsync(T0.AddDays(1), 1_000, Lease)).Count);
    }
}
