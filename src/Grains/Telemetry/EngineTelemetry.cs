using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PrivateDomain.Grains.Telemetry;

/// <summary>The engine's data-path telemetry: one ActivitySource and one Meter, exported through OpenTelemetry.</summary>
public static class EngineTelemetry
{
    public const string Name = "PrivateDomain";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> EventsIngested = Meter.CreateCounter<long>("pd.ingest.events", "{event}", "Events accepted by ingestion (new, not resends).");
    public static readonly Counter<long> EventsDuplicate = Meter.CreateCounter<long>("pd.ingest.duplicates", "{event}", "Resent events recognised by id.");
    public static readonly Counter<long> BatchesRejected = Meter.CreateCounter<long>("pd.ingest.rejected", "{batch}", "Batches refused (invalid, oversize, conflict, unauthorised, back-pressure).");
    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>("pd.ingest.duration", "ms", "Time from request to durable acknowledgement.");
    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>("pd.grain.applied", "{event}", "Events applied by grains.");
    public static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>("pd.grain.apply.duration", "ms", "Time to apply a delivered batch, state write included.");
    public static readonly Counter<long> EffectFailures = Meter.CreateCounter<long>("pd.grain.effect.failures", "{effect}", "Effects that failed and will be retried.");
    public static readonly Counter<long> Pushes = Meter.CreateCounter<long>("pd.push.items", "{item}", "Console items pushed to gateways.");
    public static readonly Histogram<double> PushLag = Meter.CreateHistogram<double>("pd.push.lag", "ms", "Time from an item entering a feed to its hand-off to SignalR.");
    public static readonly Counter<long> DeliveryGaps = Meter.CreateCounter<long>("pd.grain.delivery.gaps", "{delivery}", "Deliveries that revealed a missed earlier one; the grain caught up from the log.");
    public static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("pd.stream.delivery.failures", "{delivery}", "Stream deliveries given up by the pulling agent; the grain is repaired from the log.");
    public static readonly Histogram<double> StreamEventAge = Meter.CreateHistogram<double>("pd.stream.event_age", "ms", "An event's occurredAt to its read from the log by a stream queue's receiver (ingestion → dispatch for producers stamping events as sent).");
    public static readonly Histogram<double> GrainEventAge = Meter.CreateHistogram<double>("pd.grain.event_age", "ms", "The first new event of a delivered batch: its occurredAt to the grain starting to apply it, by stream kind.");
    public static readonly Histogram<double> PushItemAge = Meter.CreateHistogram<double>("pd.push.item_age", "ms", "A console item's own time (its source event's occurredAt for chats and alerts) to every gateway's SignalR having taken it, by item kind.");
    public static readonly Histogram<long> DispatchLag = Meter.CreateHistogram<long>("pd.stream.lag", "{event}", "Events committed to the log but not yet read by a stream queue's receiver.");
    public static readonly Histogram<double> ModerationDecision = Meter.CreateHistogram<double>("pd.group.moderation.decision", "ms", "Time from a group grain receiving a chat message (its batch) to the anti-harassment decision.");
    public static readonly Counter<long> ModerationDecisions = Meter.CreateCounter<long>("pd.group.moderation.decisions", "{decision}", "Anti-harassment decisions by action and rule (none included).");
    public static readonly Histogram<double> ModerationEventAge = Meter.CreateHistogram<double>("pd.group.moderation.event_age", "ms", "A decided chat message's occurredAt to its decision (ingestion → decision for producers stamping events as sent).");

    public static readonly Counter<long> OutboxSends = Meter.CreateCounter<long>("pd.outbox.sends", "{message}", "Outbox send attempts by channel and outcome (sent, retry, failed).");
    public static readonly Counter<long> OutboxThrottled = Meter.CreateCounter<long>("pd.outbox.throttled", "{message}", "Outbox messages put back, no attempt counted, because their persona account had no token.");

    private static readonly ConcurrentDictionary<string, Func<double?>> OutboxRates = new(StringComparer.Ordinal);
    public static readonly ObservableGauge<double> OutboxRate = Meter.CreateObservableGauge("pd.outbox.rate", ObserveOutboxRates, "{message}/s", "Each rate-limited outbox channel's current send rate, as adapted to its errors.");

    /// <summary>Reports <paramref name="rate"/> as the channel's current send rate (the latest lane of a channel wins).</summary>
    public static void ObserveOutboxRate(string channel, Func<double?> rate) => OutboxRates[channel] = rate;

    private static IEnumerable<Measurement<double>> ObserveOutboxRates() =>
        OutboxRates.Select(r => (r.Key, Rate: r.Value())).Where(r => r.Rate is not null)
            .Select(r => new Measurement<double>(r.Rate!.Value, new KeyValuePair<string, object?>("channel", r.Key)));
}
