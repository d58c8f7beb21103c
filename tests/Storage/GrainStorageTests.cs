using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Storage;

public sealed class GrainStorageTests : IDisposable
{
    private const string StateName = "customer";
    private static readonly GrainId Grain = GrainId.Create("customer", "t1/c1");

    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    [Fact]
    public async Task Reading_a_grain_never_written_gives_no_record_and_no_etag()
    {
        var state = new GrainState<CounterState>();

        await Open().ReadStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag_in_a_new_instance()
    {
        var written = new GrainState<CounterState>(new CounterState("first", 1, ["a", "b"]));
        await Open().WriteStateAsync(StateName, Grain, written);

        var read = new GrainState<CounterState>();
        await Open().ReadStateAsync(StateName, Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(("first", 1), (read.State!.Name, read.State.Count));
        Assert.Equal(["a", "b"], read.State!.Tags);
    }

    [Fact]
    public async Task Each_write_changes_the_etag()
    {
        var storage = Open();
        var state = new GrainState<CounterState>(new CounterState("x", 1, []));

        await storage.WriteStateAsync(StateName, Grain, state);
        var first = state.ETag;
        state.State = state.State! with { Count = 2 };
        await storage.WriteStateAsync(StateName, Grain, state);

        Assert.NotNull(first);
        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task Second_writer_with_the_same_stale_etag_is_rejected_and_the_first_update_is_kept()
    {
        var storage = Open();
        var initial = new GrainState<CounterState>(new CounterState("v0", 0, []));
        await storage.WriteStateAsync(StateName, Grain, initial);
        var one = new GrainState<CounterState>(new CounterState("one", 1, [])) { ETag = initial.ETag, RecordExists = true };
        var two = new GrainState<CounterState>(new CounterState("two", 2, [])) { ETag = initial.ETag, RecordExists = true };

        await storage.WriteStateAsync(StateName, Grain, one);
        var rejected = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, two));

        Assert.Equal(one.ETag, rejected.StoredEtag);
        Assert.Equal(initial.ETag, rejected.CurrentEtag);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, Grain, read);
        Assert.Equal("one", read.State!.Name);
    }

    [Fact]
    public async Task Writing_as_new_when_a_record_exists_is_rejected()
    {
        var storage = Open();
        await storage.WriteStateAsync(StateName, Grain, new GrainState<CounterState>(new CounterState("first", 1, [])));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, Grain, new GrainState<CounterState>(new CounterState("second", 2, []))));
    }

    [Fact]
    public async Task Clear_removes_the_record_and_resets_the_state()
    {
        var storage = Open();
        var state = new GrainState<CounterState>(new CounterState("x", 5, []));
        await storage.WriteStateAsync(StateName, Grain, state);

        await storage.ClearStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Count);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, Grain, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_rejected_and_keeps_the_record()
    {
        var storage = Open();
        var state = new GrainState<CounterState>(new CounterState("x", 1, []));
        await storage.WriteStateAsync(StateName, Grain, state);
        var stale = new GrainState<CounterState>(state.State) { ETag = state.ETag, RecordExists = true };
        await storage.WriteStateAsync(StateName, Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, stale));

        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, Grain, read);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Written_again_after_clear_gets_an_etag_the_old_record_never_had()
    {
        var storage = Open();
        var state = new GrainState<CounterState>(new CounterState("x", 1, []));
        await storage.WriteStateAsync(StateName, Grain, state);
        var before = state.ETag;
        await storage.ClearStateAsync(StateName, Grain, state);

        await storage.WriteStateAsync(StateName, Grain, state);

        Assert.NotEqual(before, state.ETag);
    }

    [Fact]
    public async Task State_names_and_grains_are_stored_apart()
    {
        var storage = Open();
        var other = GrainId.Create("customer", "t2/c1");
        await storage.WriteStateAsync(StateName, Grain, new GrainState<CounterState>(new CounterState("mine", 1, [])));

        var otherGrain = new GrainState<CounterState>();
        var otherName = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, other, otherGrain);
        await storage.ReadStateAsync("journeys", Grain, otherName);

        Assert.False(otherGrain.RecordExists);
        Assert.False(otherName.RecordExists);
    }

    public void Dispose()
    {
        _services.Dispose();
        _directory.Dispose();
    }

    private SqliteGrainStorage Open() => new(
        Options.Create(new StorageOptions { DataDirectory = _directory.Path }),
        _services.GetRequiredService<Serializer>(),
        _services.GetRequiredService<IActivatorProvider>(),
        NullLogger<SqliteGrainStorage>.Instance);
}
