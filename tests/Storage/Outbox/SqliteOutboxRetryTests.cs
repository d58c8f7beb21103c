using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;
using PrivateDomain.Tests.Outbox;

namespace PrivateDomain.Tests.Storage.Outbox;

public sealed class SqliteOutboxRetryTests : OutboxRetryContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IOutbox> CreateAsync() => Task.FromResult<IOutbox>(Open());

    protected override ValueTask CloseAsync(IOutbox outbox)
    {
        ((SqliteOutbox)outbox).Dispose();
        return ValueTask.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_version_1_file_is_upgraded_in_place_and_keeps_its_messages()
    {
        var path = Path.Combine(_directory.Path, "old");
        Directory.CreateDirectory(path);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(path, "outbox.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE outbox (tenant_id TEXT NOT NULL, delivery_id TEXT NOT NULL, channel TEXT NOT NULL, persona_id TEXT NOT NULL,
                    customer_id TEXT NULL, group_id TEXT NULL, agent_id TEXT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
                    created_at INTEGER NOT NULL, status TEXT NOT NULL, sent_at INTEGER NULL, PRIMARY KEY (tenant_id, delivery_id));
                INSERT INTO outbox VALUES ('t1', 'old', 'wecom', 'p1', 'c1', NULL, NULL, 'text', 'hello', 638764596000000000, 'pending', NULL);
                PRAGMA user_version = 1;
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = path }));

        var old = Assert.Single(await outbox.ReadDueAsync("wecom", T0.AddYears(1), 10));
        Assert.Equal(("old", "hello", 0, (DateTimeOffset?)null), (old.DeliveryId, old.Text, old.Attempts, old.NextAttemptAt));
        await outbox.ScheduleRetryAsync("t1", "old", 1, T0.AddYears(2), "HTTP 500");
        Assert.Empty(await outbox.ReadDueAsync("wecom", T0.AddYears(1), 10));
    }

    [Fact]
    public async Task The_lanes_reads_are_index_seeks_whatever_the_backlog()
    {
        using (Open())
        {
        }
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "outbox.db")};Pooling=false");
        await connection.OpenAsync();
        Assert.Equal(4L, await ScalarAsync(connection, "PRAGMA user_version;"));
        var due = await PlanAsync(connection, OutboxSql.Due);
        var next = await PlanAsync(connection, OutboxSql.NextDue);

        // Each way in seeks its own partial index by channel; nothing scans the pending messages.
        Assert.Contains("ix_outbox_new (channel=?)", due, StringComparison.Ordinal);
        Assert.Contains("ix_outbox_next_attempt (channel=? AND next_attempt_at<?)", due, StringComparison.Ordinal);
        Assert.Contains("ix_outbox_new (channel=?)", next, StringComparison.Ordinal);
        Assert.Contains("ix_outbox_next_attempt (channel=? AND next_attempt_at>?)", next, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN outbox", due + next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_3_file_gains_the_due_indexes_and_keeps_its_messages()
    {
        var path = Path.Combine(_directory.Path, "v3");
        using (var outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = path })))
        {
            await outbox.EnqueueAsync(Hook("kept"));
            await outbox.DeferAsync([new OutboxDeferral("t1", "kept", T0.AddSeconds(30))]);
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(path, "outbox.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await ScalarAsync(connection, "DROP INDEX ix_outbox_new; DROP INDEX ix_outbox_next_attempt; PRAGMA user_version = 3;");
        }

        using var reopened = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = path }));

        Assert.Empty(await reopened.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(29), 10));
        Assert.Equal("kept", Assert.Single(await reopened.ReadDueAsync(WebhookDelivery.Channel, T0.AddSeconds(30), 10)).DeliveryId);
        await using var check = new SqliteConnection($"Data Source={Path.Combine(path, "outbox.db")};Pooling=false");
        await check.OpenAsync();
        Assert.Equal(2L, await ScalarAsync(check, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('ix_outbox_new', 'ix_outbox_next_attempt');"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> PlanAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("$channel", "wecom");
        command.Parameters.AddWithValue("$now", T0.UtcTicks);
        command.Parameters.AddWithValue("$limit", 100);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
        return string.Join("\n", lines);
    }

    private SqliteOutbox Open() => new(Options.Create(new StorageOptions { DataDirectory = _directory.Path }));
}
