using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;
using PrivateDomain.Tests.Campaigns;

namespace PrivateDomain.Tests.Storage.Campaigns;

public sealed class SqliteCampaignStoreTests : CampaignStoreContract
{
    private readonly TempDirectory _directory = new();
    private SqliteOutbox? _outbox;

    protected override Task<(ICampaignStore Store, ICustomerDirectory Directory, IOutbox Outbox)> CreateAsync()
    {
        _outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = _directory.Path }));
        return Task.FromResult<(ICampaignStore, ICustomerDirectory, IOutbox)>((new SqliteCampaignStore(_outbox), new SqliteCustomerDirectory(_outbox), _outbox));
    }

    protected override ValueTask CloseAsync()
    {
        _outbox?.Dispose();
        return ValueTask.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_version_2_outbox_gains_the_campaign_tables_and_keeps_its_messages()
    {
        var path = Path.Combine(_directory.Path, "v2");
        System.IO.Directory.CreateDirectory(path);
        using (var v1 = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = path })))
            await v1.EnqueueAsync(new OutboxMessage("old", "t1", "wecom", "p1", "u1", null, null, "text", "hi", T0, OutboxStatus.Pending, null));
        // Take the file back to version 2: the campaign part is all version 3 adds.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(path, SqliteFiles.Outbox)};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TRIGGER tr_outbox_campaign_inserted; DROP TRIGGER tr_outbox_campaign_moved; DROP TABLE campaign_status; DROP INDEX ix_outbox_campaign;
                ALTER TABLE outbox DROP COLUMN campaign_id; ALTER TABLE outbox DROP COLUMN task_id;
                ALTER TABLE outbox DROP COLUMN recipients; DROP TABLE campaign; DROP TABLE campaign_delivery; DROP TABLE campaign_recipient;
                DROP TABLE campaign_quota; DROP TABLE campaign_order; DROP TABLE customer_directory; DROP TABLE customer_tag;
                PRAGMA user_version = 2;
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = path }));
        var store = new SqliteCampaignStore(outbox);

        Assert.Equal(1, (await store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1")))).Placed);
        Assert.Equal(["c1/u1", "old"], (await outbox.ReadDueAsync("wecom", T0.AddDays(1), 10)).Select(m => m.DeliveryId).Order());
    }

    [Fact]
    public async Task A_malformed_chunk_is_refused_whole()
    {
        var bad = Direct("t1", "c1", "u2") with { Message = Direct("t1", "c1", "u2").Message with { Status = OutboxStatus.Sent } };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PlaceAsync(Chunk("t1", "c1", Direct("t1", "c1", "u1"), bad)));

        Assert.Empty(await Outbox.QueryAsync("t1", null, null, 10));
        Assert.Equal(0, await Store.QuotaUsedAsync("t1", "c:u1", "2026-11"));
    }
}
