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
    public static readonly Histogram<long> DispatchLag = Meter.CreateHistogram<long>("pd.stream.lag", "{event}", "Events committed to the log but not yet read by a stream queue's receiver.");
}
