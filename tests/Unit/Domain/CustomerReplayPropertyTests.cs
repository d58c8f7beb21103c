using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Grains;
using PrivateDomain.Grains.State;
using Xunit.Abstractions;

namespace PrivateDomain.Tests.Unit.Domain;

/// <summary>
/// At-least-once delivery must converge: whatever redeliveries the dispatcher and activation catch-up produce,
/// a customer ends in the state of a single in-order replay of its stream.
/// </summary>
public sealed class CustomerReplayPropertyTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(20260601)]
    [InlineData(7)]
    [InlineData(424242)]
    public void Redelivered_events_end_in_the_state_of_a_deduplicated_replay(int baseSeed)
    {
        for (var run = 0; run < 50; run++)
        {
            var seed = baseSeed + run;
            var random = new Random(seed);
            var stream = RandomStream(random);

            var expected = Replay(stream);
            var actual = DeliverWithDuplicates(stream, random);

            if (expected != actual) output.WriteLine($"seed {seed}: {stream.Count} events diverged");
            Assert.True(expected == actual, $"seed {seed}: state after redeliveries differs from a deduplicated replay");
        }
        output.WriteLine($"seeds {baseSeed}..{baseSeed + 49}: 50 runs converged");
    }

    /// <summary>A customer's stream as the log holds it: increasing, non-contiguous global sequences.</summary>
    private static List<LoggedEvent> RandomStream(Random random)
    {
        var events = new List<LoggedEvent>();
        var sequence = 0L;
        var count = random.Next(1, 60);
        for (var i = 0; i < count; i++)
        {
            sequence += random.Next(1, 5);
            events.Add(new LoggedEvent(sequence, "t1", RandomEvent(random, $"e{i}")));
        }
        return events;
    }

    private static EngineEvent RandomEvent(Random random, string id)
    {
        var at = Now.AddMinutes(-random.Next(0, 60 * 24 * 200));
        var persona = $"p{random.Next(3)}";
        var (type, data) = random.Next(8) switch
        {
            0 => (EventTypes.CustomerAdded, $$"""{"source":"s{{random.Next(3)}}","identities":{"k{{random.Next(3)}}":"v{{random.Next(9)}}"},"tags":["t{{random.Next(5)}}"]}"""),
            1 => (EventTypes.CustomerRemoved, "{}"),
            2 => (EventTypes.CustomerTagged, $$"""{"tags":["t{{random.Next(5)}}"],"removeTags":["t{{random.Next(5)}}"]}"""),
            3 => (EventTypes.ChatMessage, $$"""{"text":"m{{random.Next(100)}}"}"""),
            4 => (EventTypes.PageView, $$"""{"url":"/p/{{random.Next(10)}}"}"""),
            5 => (EventTypes.MaterialOpen, $$"""{"materialId":"m{{random.Next(4)}}","sharedByAgentId":"a{{random.Next(2)}}"}"""),
            // Few order ids, so the same order under another event id happens often.
            _ => (EventTypes.Purchase, $$"""{"orderId":"o{{random.Next(6)}}","amount":{{random.Next(0, 5000)}}.{{random.Next(100):00}},"currency":"CNY"}"""),
        };
        return new EngineEvent(id, type, "c1", null, persona, at, data);
    }

    /// <summary>The reference: every distinct event once, in log order.</summary>
    private static string Replay(IReadOnlyList<LoggedEvent> stream)
    {
        var s = new CustomerState();
        foreach (var e in stream.DistinctBy(e => e.Event.Id)) Apply(s, e);
        return Canonical(s);
    }

    /// <summary>
    /// Deliveries as the dispatcher and catch-up make them: in log order, each batch starting anywhere at or
    /// before the first unapplied event (so earlier ones come again), sometimes repeating an event inside a
    /// batch or the whole batch; sometimes the silo dies after applying but before the write, and the next
    /// activation starts from the last persisted state.
    /// </summary>
    private static string DeliverWithDuplicates(IReadOnlyList<LoggedEvent> stream, Random random)
    {
        var persisted = new CustomerState();
        var delivered = 0;
        while (delivered < stream.Count)
        {
            var start = random.Next(0, delivered + 1);
            var end = random.Next(delivered + 1, stream.Count + 1);
            var batch = new List<LoggedEvent>();
            for (var i = start; i < end; i++)
            {
                batch.Add(stream[i]);
                if (random.Next(5) == 0) batch.Add(stream[i]);
            }
            var live = Reload(persisted);
            Deliver(live, batch);
            if (random.Next(6) == 0)
            {
                // Lost write: the batch comes again later, to a grain reloaded from storage.
                delivered = start;
                continue;
            }
            if (random.Next(4) == 0) Deliver(live, batch);
            persisted = live;
            delivered = end;
        }
        return Canonical(persisted);
    }

    /// <summary>What EventStreamGrain.DeliverAsync does: apply only positions past the applied one.</summary>
    private static void Deliver(CustomerState s, IReadOnlyList<LoggedEvent> batch)
    {
        if (batch.Count == 0 || batch[^1].Sequence <= s.AppliedSequence) return;
        foreach (var e in batch)
        {
            if (e.Sequence <= s.AppliedSequence) continue;
            Apply(s, e);
        }
    }

    private static void Apply(CustomerState s, LoggedEvent e)
    {
        s.PendingEffects.AddRange(CustomerProjection.Apply(s, e.Event));
        s.AppliedSequence = e.Sequence;
    }

    private static CustomerState Reload(CustomerState s) => JsonSerializer.Deserialize<CustomerState>(JsonSerializer.Serialize(s))!;

    private static string Canonical(CustomerState s) =>
        JsonSerializer.Serialize(s) + JsonSerializer.Serialize(CustomerViews.From(s, "t1", "c1", Now));
}
