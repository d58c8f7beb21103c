using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// Two writers on one grain key through the AdoNet provider itself (as two activations of one grain would, during
/// a split brain): the stale writer is refused and the first write is kept.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainStorageConcurrencyTests(PostgresFixture pg) : IAsyncLifetime
{
    private const string StateName = "counter";
    private PostgresTestCluster _cluster = null!;
    private IGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _cluster = new PostgresTestCluster(await pg.NewDatabaseAsync("etag"));
        var silo = await _cluster.StartSiloAsync();
        _storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_first_writes_on_one_key_keep_the_first()
    {
        var grain = GrainId.Create("counter", "first-writes");
        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        var second = new GrainState<CounterState>(new CounterState { Count = 2 });

        await _storage.WriteStateAsync(StateName, grain, first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, second, CancellationToken.None));
        Assert.Equal(1, CountOf(await ReadAsync(grain)));
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_is_refused_and_the_newer_write_kept()
    {
        var grain = GrainId.Create("counter", "stale-etag");
        await _storage.WriteStateAsync(StateName, grain, new GrainState<CounterState>(new CounterState { Count = 1 }), CancellationToken.None);
        var a = await ReadAsync(grain);
        var b = await ReadAsync(grain);

        a.State = new CounterState { Count = 10 };
        await _storage.WriteStateAsync(StateName, grain, a, CancellationToken.None);
        b.State = new CounterState { Count = 20 };

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, b, CancellationToken.None));
        var stored = await ReadAsync(grain);
        Assert.Equal(10, CountOf(stored));
        Assert.Equal(a.ETag, stored.ETag);
    }

    [Fact]
    public async Task Clearing_moves_the_etag_on_so_a_writer_from_before_the_clear_is_refused()
    {
        var grain = GrainId.Create("counter", "clear");
        var before = new GrainState<CounterState>(new CounterState { Count = 1 });
        await _storage.WriteStateAsync(StateName, grain, before, CancellationToken.None);
        var clearer = await ReadAsync(grain);

        await _storage.ClearStateAsync(StateName, grain, clearer, CancellationToken.None);

        before.State = new CounterState { Count = 2 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, before, CancellationToken.None));
        var after = await ReadAsync(grain);
        Assert.False(after.RecordExists);
        Assert.Equal(0, CountOf(after));
        after.State = new CounterState { Count = 3 };
        await _storage.WriteStateAsync(StateName, grain, after, CancellationToken.None);
        Assert.Equal(3, CountOf(await ReadAsync(grain)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // all first writes: the row's unique key decides
    public async Task Of_many_racing_writers_on_one_etag_exactly_one_wins(bool rowExists)
    {
        var grain = GrainId.Create("counter", $"race-{rowExists}");
        if (rowExists)
            await _storage.WriteStateAsync(StateName, grain, new GrainState<CounterState>(new CounterState()), CancellationToken.None);
        var writers = new List<GrainState<CounterState>>();
        for (var i = 1; i <= 8; i++)
        {
            var state = await ReadAsync(grain);
            state.State = new CounterState { Count = i };
            writers.Add(state);
        }

        var results = await Task.WhenAll(writers.Select(async w =>
        {
            try
            {
                await _storage.WriteStateAsync(StateName, grain, w, CancellationToken.None);
                return CountOf(w);
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        }));

        var winner = Assert.Single(results, r => r != 0);
        Assert.Equal(winner, CountOf(await ReadAsync(grain)));
    }

    private static int CountOf(GrainState<CounterState> state) =>
        state.State?.Count ?? throw new InvalidOperationException("no state");

    private async Task<GrainState<CounterState>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grain, state, CancellationToken.None);
        return state;
    }
}
