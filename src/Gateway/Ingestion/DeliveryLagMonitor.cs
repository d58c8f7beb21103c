using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Gateway.Ingestion;

/// <summary>Back-pressure on ingestion from the grains' side. Section "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Committed events not yet delivered to their grains beyond which ingestion answers 503.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDeliveryLag { get; set; } = 500_000;

    /// <summary>How often the lag is measured (from the stream queues' durable checkpoints).</summary>
    public TimeSpan LagCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>
/// Measures how far event delivery to grains trails the log (head minus the lowest stream-queue checkpoint,
/// which every gateway can read, whichever silos run the queues) and tells ingestion to push back when it is
/// too far: the log itself never runs out of room, but an unbounded backlog is unbounded staleness.
/// Published as the gauge pd.stream.delivery.lag.
/// </summary>
public sealed class DeliveryLagMonitor : BackgroundService
{
    private readonly IEventLog _log;
    private readonly IOptions<IngestionOptions> _options;
    private readonly int _queues;
    private readonly ILogger<DeliveryLagMonitor> _logger;
    private long _lag;

    public DeliveryLagMonitor(IEventLog log, IOptions<IngestionOptions> options, IConfiguration configuration, ILogger<DeliveryLagMonitor> logger)
    {
        _log = log;
        _options = options;
        _logger = logger;
        _queues = (configuration.GetSection(EventLogStreamOptions.SectionName).Get<EventLogStreamOptions>() ?? new EventLogStreamOptions()).Queues;
        EngineTelemetry.Meter.CreateObservableGauge("pd.stream.delivery.lag", () => Volatile.Read(ref _lag), "{event}",
            "Committed events not yet delivered to their grains (log head minus the lowest stream-queue checkpoint).");
    }

    /// <summary>Events committed but not yet delivered, as of the last check.</summary>
    public long Lag => Volatile.Read(ref _lag);

    /// <summary>Whether ingestion should refuse new events for now.</summary>
    public bool IsBehind => IsTooFar(Lag, _options.Value.MaxDeliveryLag);

    /// <summary>A second's worth of retry advice: the lag is re-measured twice a second by default.</summary>
    public static TimeSpan RetryAfter => TimeSpan.FromSeconds(1);

    public static bool IsTooFar(long lag, long maxLag) => lag > maxLag;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await StreamCheckpoints.DeliveredThroughAsync(_log, _queues, stoppingToken);
                var lag = Math.Max(0, _log.LastSequence - delivered);
                var wasBehind = IsBehind;
                Volatile.Write(ref _lag, lag);
                if (IsBehind != wasBehind)
                    _logger.LogWarning("Event delivery lag {Lag} is {State} the limit {Max}: ingestion {Action}", lag,
                        IsBehind ? "over" : "back under", _options.Value.MaxDeliveryLag, IsBehind ? "answers 503" : "accepts again");
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Event delivery lag not measured; keeping the last figure");
            }
            await Task.Delay(_options.Value.LagCheckPeriod, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
