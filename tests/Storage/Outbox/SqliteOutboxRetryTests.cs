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

    private SqliteOutbox Open() => new(Options.Create(new StorageOptions { DataDirectory = _directory.Path }));
}
