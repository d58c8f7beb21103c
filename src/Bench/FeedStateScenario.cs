using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Bench;

/// <summary>
/// A busy persona's state write, and a customer's, serialization alone: a persona with a full 500-item console feed serialized and read
/// back, the feed packed (what the engine stores) against the same-run baseline of the feed's former shape (the items
/// as a serialized object graph, the serializer tracking each item and string). Each write follows one new item, so the
/// figures include making the item and trimming the oldest, the same on both sides.
/// </summary>
internal static class FeedStateScenario
{
    public static Task<int> RunAsync(BenchArgs a)
    {
        var items = a.Int("items", 500);
        var rounds = a.Int("rounds", 20_000);
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var packed = new PackedPersona { Feed = new FeedState { Sequence = items, Items = Enumerable.Range(1, items).Select(Item).ToList() } };
        var objects = new ObjectPersona { Feed = new ObjectFeed { Sequence = items, Items = Enumerable.Range(1, items).Select(Item).ToList() } };
        Console.WriteLine(Invariant($"feed-state: a persona with {items} feed items, {rounds:N0} writes each way, {Environment.ProcessorCount} cores"));
        for (var round = 0; round < 2; round++)
        {
            // As a persona does: one new item (the oldest trimmed), then the write.
            var p = Measure(rounds, () =>
            {
                packed.Feed.Items.AddBounded(Item((int)++packed.Feed.Sequence), items);
                return serializer.SerializeToArray(packed);
            }, b => serializer.Deserialize<PackedPersona>(b));
            var o = Measure(rounds, () =>
            {
                objects.Feed.Items.AddBounded(Item((int)++objects.Feed.Sequence), items);
                return serializer.SerializeToArray(objects);
            }, b => serializer.Deserialize<ObjectPersona>(b));
            if (round == 0) continue; // the first round warms the JIT
            Print("packed (engine)", p);
            Print("baseline: items as objects", o);
            Console.WriteLine(Invariant($"ratio:    write time {o.WriteUs / p.WriteUs:F2}× faster, {o.WriteBytes / p.WriteBytes:F2}× fewer bytes allocated per write; read {o.ReadUs / p.ReadUs:F2}×"));
        }

        // A customer's write: its 50-entry timeline, packed (what the engine stores) vs as objects (the former shape).
        var timeline = Enumerable.Range(0, 50).Select(i => new TimelineEntry(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero).AddMinutes(i),
            i % 4 == 0 ? EventTypes.Purchase : EventTypes.ChatMessage, $"Said: message number {i} about the air purifier filter", $"evt-{i:D8}")).ToList();
        var customer = new CustomerState { Known = true, OwnerPersonaId = "persona-0001", PurchaseCount = 12 };
        customer.Timeline.AddRange(timeline);
        var objectTimeline = new ObjectTimeline { Entries = timeline };
        Console.WriteLine(Invariant($"customer: a customer state with a {timeline.Count}-entry timeline, {rounds * 5:N0} writes each way"));
        for (var round = 0; round < 2; round++)
        {
            var p = Measure(rounds * 5, () => serializer.SerializeToArray(customer), b => serializer.Deserialize<CustomerState>(b));
            var packedOnly = Measure(rounds * 5, () => serializer.SerializeToArray(new PackedTimeline { Entries = new StoredTimeline(timeline) }), b => serializer.Deserialize<PackedTimeline>(b));
            var o = Measure(rounds * 5, () => serializer.SerializeToArray(objectTimeline), b => serializer.Deserialize<ObjectTimeline>(b));
            if (round == 0) continue;
            Print("whole customer state (engine)", p);
            Print("timeline alone, packed (engine)", packedOnly);
            Print("baseline: timeline alone as objects", o);
            Console.WriteLine(Invariant($"ratio:    timeline write {o.WriteUs / packedOnly.WriteUs:F2}× faster, {o.WriteBytes / packedOnly.WriteBytes:F2}× fewer bytes allocated"));
        }
        return Task.FromResult(0);
    }

    private static ConsoleItem Item(int i) => new(i, i % 3 == 0 ? ConsoleItemKinds.CustomerUpdated : ConsoleItemKinds.DirectMessage,
        new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)).AddSeconds(i), $"cust-{i % 40:D4}", null, "persona-0001",
        i % 2 == 0 ? "agent-0003" : null, $"message {i}: could you tell me when the filter for my purifier needs changing?", $"evt-{i:D8}");

    private static Figures Measure(int rounds, Func<byte[]> write, Action<byte[]> read)
    {
        var bytes = write();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < rounds; i++) bytes = write();
        var writeUs = Stopwatch.GetElapsedTime(started).TotalMicroseconds / rounds;
        var writeBytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / rounds;
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < rounds / 4; i++) read(bytes);
        var readUs = Stopwatch.GetElapsedTime(started).TotalMicroseconds / (rounds / 4);
        return new Figures(writeUs, writeBytes, readUs, bytes.Length);
    }

    private static void Print(string label, Figures f) =>
        Console.WriteLine(Invariant($"{label}: write {f.WriteUs:F1} µs and {f.WriteBytes / 1024:F1} KiB allocated; {f.StoredBytes:N0} bytes stored; read {f.ReadUs:F1} µs"));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record Figures(double WriteUs, double WriteBytes, double ReadUs, int StoredBytes);
}

/// <summary>The feed as it was stored before packing (the baseline).</summary>
[GenerateSerializer, Alias("pd.bench.ObjectFeed")]
internal sealed class ObjectFeed
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public List<ConsoleItem> Items { get; init; } = [];
}

[GenerateSerializer, Alias("pd.bench.ObjectPersona")]
internal sealed class ObjectPersona
{
    [Id(0)] public ObjectFeed Feed { get; set; } = new();
}

[GenerateSerializer, Alias("pd.bench.ObjectTimeline")]
internal sealed record ObjectTimeline
{
    [Id(0)] public List<TimelineEntry> Entries { get; set; } = [];
}

[GenerateSerializer, Alias("pd.bench.PackedTimeline")]
internal sealed record PackedTimeline
{
    [Id(0)] public StoredTimeline Entries { get; set; } = new([]);
}

[GenerateSerializer, Alias("pd.bench.PackedPersona")]
internal sealed class PackedPersona
{
    [Id(0)] public FeedState Feed { get; set; } = new();
}
