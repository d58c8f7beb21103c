using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PrivateDomain.Contracts;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.Outbox;
using PrivateDomain.Storage;
using PrivateDomain.Tests.Outbox;

namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>The outbox retry contract on PostgreSQL, and the schema upgrade of an outbox created before retries.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgOutboxRetryTests(PostgresFixture pg) : OutboxRetryContract
{
    private EventStoreDatabase? _db;

    protected override async Task<IOutbox> CreateAsync()
    {
        _db = await EventStoreDatabase.CreateAsync(pg, "outbox_retry");
        // The safety-net poll (which wakes waiters whenever anything is pending) is kept out of the timing tests.
        return _db.OpenOutbox(poll: TimeSpan.FromMinutes(10));
    }

    protected override ValueTask CloseAsync(IOutbox outbox) => _db!.DisposeAsync();

    [Fact]
    public async Task A_retry_scheduled_by_another_process_wakes_a_waiter_through_notify()
    {
        var peer = _db!.OpenOutbox();
        await Outbox.EnqueueAsync(Hook("d1"));
        await peer.ScheduleRetryAsync("t1", "d1", 1, TimeProvider.System.GetUtcNow().AddMinutes(10), "HTTP 500");
        var waiting = Outbox.WaitForDueAsync(WebhookDelivery.Channel, TimeProvider.System, TimeSpan.FromMinutes(5), CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        await peer.ScheduleRetryAsync("t1", "d1", 2, TimeProvider.System.GetUtcNow(), "HTTP 500");

        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_outbox_table_from_before_retries_is_upgraded_in_place_and_the_schema_reapplies_cleanly()
    {
        var connectionString = await pg.NewDatabaseAsync("outbox_upgrade");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                CREATE TABLE pd_outbox (
                    id bigint GENERATED ALWAYS AS IDENTITY, tenant_id text NOT NULL, delivery_id text NOT NULL, channel text NOT NULL,
                    persona_id text NOT NULL, customer_id text NULL, group_id text NULL, agent_id text NULL, kind text NOT NULL, text text NOT NULL,
                    created_at timestamptz NOT NULL, created_at_ticks smallint NOT NULL DEFAULT 0, status text NOT NULL,
                    sent_at timestamptz NULL, sent_at_ticks smallint NULL, CONSTRAINT pk_pd_outbox PRIMARY KEY (tenant_id, delivery_id));
                INSERT INTO pd_outbox (tenant_id, delivery_id, channel, persona_id, customer_id, kind, text, created_at, status)
                VALUES ('t1', 'old', 'wecom', 'p1', 'c1', 'text', 'hello', '2025-03-01T09:00:00Z', 'pending');
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        await PostgresSchema.EnsureAsync(connectionString, CancellationToken.None);
        await PostgresSchema.EnsureAsync(connectionString, CancellationToken.None);

        await using var outbox = new PostgresOutbox(new PostgresOptions { ConnectionString = connectionString },
            new PostgresSchemaGate(ct => PostgresSchema.EnsureAsync(connectionString, ct)), NullLogger.Instance, PostgresOutbox.DefaultPollInterval);
        var old = Assert.Single(await outbox.ReadDueAsync("wecom", T0, 10));
        Assert.Equal(("old", "hello", 0, (DateTimeOffset?)null), (old.DeliveryId, old.Text, old.Attempts, old.NextAttemptAt));
        await outbox.ScheduleRetryAsync("t1", "old", 1, T0.AddMinutes(1), "HTTP 500");
        Assert.Empty(await outbox.ReadDueAsync("wecom", T0, 10));
        Assert.Single(await outbox.ReadDueAsync("wecom", T0.AddMinutes(1), 10));
    }
}
