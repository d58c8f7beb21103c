using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Telemetry;

namespace PrivateDomain.Silo.Streams;

/// <summary>
/// When the pulling agent gives up a delivery (the grain failed for <see cref="EventLogStreamOptions.MaxDeliveryTime"/>),
/// the event is still in the log: the grain is asked to catch up from it, with backoff, until it does. The next
/// delivery on the stream would also reveal the gap (<see cref="EventBatch.PreviousSequence"/>); this covers a
/// stream that goes quiet. Subscriptions are never faulted.
/// </summary>
public sealed class EventLogDeliveryFailureHandler(
    QueueProgress progress,
    IGrainFactory grains,
    EventLogStreamOptions options,
    ILogger<EventLogDeliveryFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        progress.GivenUp();
        EngineTelemetry.DeliveryFailures.Add(1);
        logger.LogError("Delivery of {Stream} at {Token} given up after {MaxDeliveryTime}; repairing the grain from the log",
            streamIdentity, sequenceToken, options.MaxDeliveryTime);
        if (EventStreamNamespaces.TryParse(streamIdentity.GetNamespace() ?? "", out var kind))
            _ = RepairAsync(kind, streamIdentity.GetKeyAsString());
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        logger.LogError("Subscription to {Stream} failed at {Token}", streamIdentity, sequenceToken);
        return Task.CompletedTask;
    }

    private async Task RepairAsync(StreamKind kind, string grainKey)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            try
            {
                await StreamGrains.For(grains, kind, grainKey).CatchUpAsync();
                logger.LogInformation("{Kind} {Key} repaired from the log after a given-up delivery", kind, grainKey);
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Repair of {Kind} {Key} failed (attempt {Attempt}); retrying in {Delay}", kind, grainKey, attempt, delay);
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
        logger.LogError("{Kind} {Key} not repaired; it catches up from the log on its next delivery or activation", kind, grainKey);
    }
}
