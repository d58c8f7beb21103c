using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Grains;

/// <summary>
/// Carries feed items to persona grains with one call (and so one persona state write) per batch: while a call to a
/// persona is in flight, the items other grains publish to it wait and go together in the next call. Under light load
/// every item goes at once (no timer, no added latency); under a burst (a persona with many busy groups) writes per
/// second stay bounded while items per write grow. Each caller's task completes when its item is stored (or fails with
/// the call, so the caller's effect stays pending and is retried). One per silo.
/// </summary>
public sealed class PersonaFeedPublisher(IGrainFactory grains)
{
    /// <summary>The most items one call carries.</summary>
    public const int MaxBatch = 512;

    private readonly Dictionary<(string Tenant, string Persona), Lane> _lanes = [];

    public Task PublishAsync(string tenantId, string personaId, IReadOnlyList<ConsoleItem> items)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Lane lane;
        var start = false;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue((tenantId, personaId), out lane!)) _lanes[(tenantId, personaId)] = lane = new Lane();
            lane.Waiting.Add((items, done));
            if (!lane.Sending) start = lane.Sending = true;
        }
        // Off the calling grain's scheduler: the pump serves every grain publishing to this persona.
        if (start) _ = Task.Run(() => PumpAsync(tenantId, personaId, lane));
        return done.Task;
    }

    private async Task PumpAsync(string tenantId, string personaId, Lane lane)
    {
        var persona = grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenantId, personaId));
        while (true)
        {
            List<(IReadOnlyList<ConsoleItem> Items, TaskCompletionSource Done)> batch;
            lock (_lanes)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Sending = false;
                    _lanes.Remove((tenantId, personaId));
                    return;
                }
                batch = Take(lane.Waiting);
            }
            try
            {
                var items = batch.SelectMany(b => b.Items).ToList();
                if (items.Count == 1) await persona.PublishAsync(items[0]);
                else await persona.PublishManyAsync(items);
                foreach (var (_, done) in batch) done.TrySetResult();
            }
            catch (Exception ex)
            {
                foreach (var (_, done) in batch) done.TrySetException(ex);
            }
        }
    }

    /// <summary>Whole publishes from the front, up to <see cref="MaxBatch"/> items (at least one publish).</summary>
    private static List<(IReadOnlyList<ConsoleItem>, TaskCompletionSource)> Take(List<(IReadOnlyList<ConsoleItem> Items, TaskCompletionSource Done)> waiting)
    {
        var count = 0;
        var taken = 0;
        while (taken < waiting.Count && (taken == 0 || count + waiting[taken].Items.Count <= MaxBatch))
            count += waiting[taken++].Items.Count;
        var batch = waiting.GetRange(0, taken);
        waiting.RemoveRange(0, taken);
        return batch;
    }

    private sealed class Lane
    {
        public List<(IReadOnlyList<ConsoleItem> Items, TaskCompletionSource Done)> Waiting { get; } = [];

        public bool Sending { get; set; }
    }
}
