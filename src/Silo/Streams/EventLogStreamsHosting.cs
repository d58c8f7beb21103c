using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;

namespace PrivateDomain.Silo.Streams;

/// <summary>Registers the event spine's persistent stream provider on a silo.</summary>
public static class EventLogStreamsHosting
{
    /// <summary>
    /// Grains receive the log's events through Orleans persistent streams (implicit subscriptions only), with
    /// options from section "Streams". The silo must also have an <see cref="Storage.IEventLog"/>.
    /// </summary>
    public static ISiloBuilder AddEventLogStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<EventLogStreamOptions>().Bind(configuration.GetSection(EventLogStreamOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        silo.AddPersistentStreams(EventLogStreamOptions.ProviderName, EventLogQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(agent => agent.Configure<IOptions<EventLogStreamOptions>>((o, spine) =>
            {
                o.GetQueueMsgsTimerPeriod = spine.Value.PollPeriod;
                o.MaxEventDeliveryTime = spine.Value.MaxDeliveryTime;
                o.StreamInactivityPeriod = spine.Value.StreamInactivity;
            }));
            stream.UseConsistentRingQueueBalancer();
        });
        return silo;
    }
}
