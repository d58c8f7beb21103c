using Microsoft.Extensions.Options;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;
using PrivateDomain.Tests.JourneyStats;

namespace PrivateDomain.Tests.Storage.JourneyStats;

public sealed class SqliteJourneyStatsStoreTests : JourneyStatsStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IJourneyStatsStore> CreateAsync() =>
        Task.FromResult<IJourneyStatsStore>(new SqliteJourneyStatsStore(Options.Create(new StorageOptions { DataDirectory = _directory.Path })));

    protected override ValueTask CloseAsync(IJourneyStatsStore store)
    {
        ((SqliteJourneyStatsStore)store).Dispose();
        return ValueTask.CompletedTask;
    }

    // One process owns a data folder (ProcessLease): a redelivery comes through the same store.
    protected override Task<IJourneyStatsStore> OpenPeerAsync() => Task.FromResult(Store);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Counters_survive_reopening_the_file()
    {
        await Store.ApplyAsync("t1", "j", Update("c1", 1, Entered()));
        ((SqliteJourneyStatsStore)Store).Dispose();

        var reopened = await OpenAsync();

        Assert.False(await reopened.ApplyAsync("t1", "j", Update("c1", 1, Entered())));
        Assert.Equal(1, Assert.Single(await reopened.ReadAsync("t1", "j")).Amount);
    }
}
