using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Postgres;

namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>The lease that keeps the dispatcher and the outbox sender single across the cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgAdvisoryLeaseTests(PostgresFixture pg)
{
    private async Task<(PgAdvisoryLease A, PgAdvisoryLease B, string Db)> TwoProcessesAsync()
    {
        var db = await pg.NewDatabaseAsync("lease");
        var options = Options.Create(new PostgresOptions { ConnectionString = db });
        return (new PgAdvisoryLease(options, NullLogger<PgAdvisoryLease>.Instance), new PgAdvisoryLease(options, NullLogger<PgAdvisoryLease>.Instance), db);
    }

    [Fact]
    public async Task Only_one_holder_at_a_time_and_the_next_takes_over_on_release()
    {
        var (a, b, _) = await TwoProcessesAsync();
        using (a)
        using (b)
        {
            var held = await a.AcquireAsync("dispatcher", CancellationToken.None);
            var waiting = b.AcquireAsync("dispatcher", CancellationToken.None);
            await Task.Delay(PgAdvisoryLease.RetryEvery * 2.5);
            Assert.False(waiting.IsCompleted);
            var other = await b.AcquireAsync("outbox-sender", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

            await held.DisposeAsync();
            await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.False(next.Lost.IsCancellationRequested);
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_holder_whose_session_dies_learns_it_lost_and_another_takes_over()
    {
        var (a, b, db) = await TwoProcessesAsync();
        using (a)
        using (b)
        {
            var held = await a.AcquireAsync("dispatcher", CancellationToken.None);
            var waiting = b.AcquireAsync("dispatcher", CancellationToken.None);

            // What a crashed holder looks like to PostgreSQL: its session ends.
            await using (var admin = new NpgsqlConnection(db))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted", admin);
                await kill.ExecuteNonQueryAsync();
            }

            await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(PgAdvisoryLease.HeartbeatEvery * 3);
            Assert.True(held.Lost.IsCancellationRequested);
            await held.DisposeAsync();
        }
    }
}
