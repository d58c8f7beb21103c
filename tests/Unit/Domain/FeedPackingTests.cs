using Orleans.Serialization;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

/// <summary>The feed's stored form: every field round-trips, and a feed stored in the former object shape still reads.</summary>
public class FeedPackingTests
{
    private static readonly Serializer Serializer = OrleansSerializer.Instance;

    private static readonly ConsoleItem Full = new(41, ConsoleItemKinds.DirectMessage, new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(8)).AddTicks(7),
        "cust-1", "grp-9", "persona-1", "agent-7", "你好，想了解一下净化器滤芯 🙂", "evt-123");

    private static readonly ConsoleItem Sparse = new(42, ConsoleItemKinds.CustomerUpdated, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-150)),
        null, null, null, null, "", null);

    [Fact]
    public void Every_field_round_trips_including_absent_ids_offsets_and_unicode()
    {
        var items = FeedPacking.Unpack(FeedPacking.Pack([Full, Sparse]));

        Assert.Equal([Full, Sparse], items);
        Assert.Equal(Full.At.Offset, items[0].At.Offset);
        Assert.Equal(Sparse.At.Offset, items[1].At.Offset);
    }

    [Fact]
    public void An_empty_feed_round_trips_and_an_unknown_format_is_refused()
    {
        Assert.Empty(FeedPacking.Unpack(FeedPacking.Pack([])));
        var packed = FeedPacking.Pack([Full]);
        packed[0] = 99;
        Assert.Throws<InvalidDataException>(() => FeedPacking.Unpack(packed));
    }

    [Fact]
    public void A_state_holding_a_feed_round_trips_through_the_serializer()
    {
        var state = new PersonaState { Name = "Amy", Feed = { Sequence = 42, Items = { Full, Sparse } } };

        var back = Serializer.Deserialize<PersonaState>(Serializer.SerializeToArray(state))!;

        Assert.Equal(42, back.Feed.Sequence);
        Assert.Equal([Full, Sparse], back.Feed.Items);
        Assert.Equal("Amy", back.Name);
    }

    [Fact]
    public void A_feed_packed_after_every_append_reads_back_whole_while_runs_are_reused_and_the_oldest_trimmed()
    {
        var feed = new FeedState();
        for (var n = 0; n < 1_234; n++)
        {
            Assert.NotNull(PrivateDomain.Grains.Domain.Feed.Append(feed, Full with { Sequence = 0, EventId = $"evt-{n}", Text = $"message {n}" }));
            if (n % 7 != 0 && n < 1_200) continue; // pack at uneven points, then after each of the last appends
            Assert.Equal(feed.Items, FeedPacking.Unpack(FeedPacking.Pack(feed)));
        }
        Assert.Equal(PrivateDomain.Grains.Domain.Feed.MaxItems, feed.Items.Count);
        // Runs wholly trimmed away are not kept; the runs still in the feed are.
        Assert.All(feed.PackedRuns!.Keys, k => Assert.True(k >= (feed.Items[0].Sequence - 1) / FeedPacking.ChunkSize));
        Assert.InRange(feed.PackedRuns.Count, 1, PrivateDomain.Grains.Domain.Feed.MaxItems / FeedPacking.ChunkSize);
    }

    [Fact]
    public void A_kept_run_is_not_reused_once_its_items_are_other_objects()
    {
        var feed = new FeedState();
        for (var n = 0; n < 120; n++) PrivateDomain.Grains.Domain.Feed.Append(feed, Full with { EventId = $"evt-{n}", Text = $"first {n}" });
        FeedPacking.Pack(feed);
        // The same sequences, different items (as after a reload of other contents): the kept bytes must not be used.
        var replaced = feed.Items.Select(i => i with { Text = "replaced" }).ToList();
        feed.Items.Clear();
        feed.Items.AddRange(replaced);

        Assert.All(FeedPacking.Unpack(FeedPacking.Pack(feed)), i => Assert.Equal("replaced", i.Text));
    }

    [Fact]
    public void A_feed_stored_before_packing_still_reads()
    {
        var legacy = new LegacyHolder { Before = 7, Feed = new LegacyFeed { Sequence = 42, Items = [Full, Sparse] }, After = "x" };

        var back = Serializer.Deserialize<CurrentHolder>(Serializer.SerializeToArray(legacy))!;

        Assert.Equal((7, 42L, "x"), (back.Before, back.Feed.Sequence, back.After));
        Assert.Equal([Full, Sparse], back.Feed.Items);
    }
}

/// <summary>The feed's generated shape before packing (same field ids).</summary>
[GenerateSerializer, Alias("pd.test.LegacyFeed")]
public sealed record LegacyFeed
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public List<ConsoleItem> Items { get; init; } = [];
}

[GenerateSerializer, Alias("pd.test.LegacyHolder")]
public sealed record LegacyHolder
{
    [Id(0)] public int Before { get; set; }
    [Id(1)] public LegacyFeed Feed { get; set; } = new();
    [Id(2)] public string After { get; set; } = "";
}

[GenerateSerializer, Alias("pd.test.CurrentHolder")]
public sealed record CurrentHolder
{
    [Id(0)] public int Before { get; set; }
    [Id(1)] public FeedState Feed { get; set; } = new();
    [Id(2)] public string After { get; set; } = "";
}
