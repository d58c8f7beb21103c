using PrivateDomain.Contracts;

namespace PrivateDomain.Bench;

/// <summary>Realistic-looking chat events with unique ids for one producer.</summary>
internal sealed class BenchEvents(int producer)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private long _next;

    public EngineEvent[] Batch(int size)
    {
        var batch = new EngineEvent[size];
        for (var i = 0; i < size; i++)
        {
            var n = _next++;
            batch[i] = new EngineEvent(
                $"p{producer}-e{n}",
                EventTypes.ChatMessage,
                $"c{(producer * 7919 + n) % 5000}",
                n % 4 == 0 ? $"g{n % 50}" : null,
                $"persona{producer % 8}",
                Start.AddMilliseconds(n),
                $$"""{"text":"hello from customer, message {{n}}","channel":"wecom"}""");
        }
        return batch;
    }
}
