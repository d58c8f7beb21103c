using Microsoft.Extensions.Options;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;
using PrivateDomain.Tests.WakeUps;

namespace PrivateDomain.Tests.Storage.WakeUps;

public sealed class SqliteWakeUpIndexTests : WakeUpIndexContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IWakeUpIndex> CreateAsync() =>
        Task.FromResult<IWakeUpIndex>(new SqliteWakeUpIndex(Options.Create(new StorageOptions { DataDirectory = _directory.Path })));

    protected override ValueTask CloseAsync(IWakeUpIndex index)
    {
        ((SqliteWakeUpIndex)index).Dispose();
        return ValueTask.CompletedTask;
    }

    // One process owns a data folder (ProcessLease); claimers in it share the one index and its writer.
    protected override Task<IWakeUpIndex> OpenPeerAsync() => Task.FromResult(Index);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Wake_up_index_lives_in_its_own_file()
    {
        await Index.ScheduleAsync([At("c1", T0)]);

        Assert.Equal(Path.Combine(_directory.Path, "wakeups.db"), ((SqliteWakeUpIndex)Index).Path);
        Assert.True(File.Exists(Path.Combine(_directory.Path, "wakeups.db")));
    }

    [Fact]
    public async Task Concurrent_wake_up_schedules_share_commits()
    {
        var index = (SqliteWakeUpIndex)Index;
        var before = index.CommitCount;

        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => Task.Run(() => index.ScheduleAsync([At($"c{i}", T0)]))));

        Assert.InRange(index.CommitCount - before, 1, 1_999);
    }
}
