using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.Campaigns;
using PrivateDomain.Grains.Grains;
using PrivateDomain.Grains.Groups;
using PrivateDomain.Grains.Handover;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Postgres.Hosting;
using PrivateDomain.Silo.Channels;
using PrivateDomain.Silo.Channels.Webhooks;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Silo.WakeUps;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Hosting;

namespace PrivateDomain.Silo.Hosting;

/// <summary>Wires the engine's silo: clustering, storage, the event spine and the outbound channels.</summary>
public static class EngineSiloExtensions
{
    /// <summary>
    /// The engine's silo in the mode "Engine:Mode" selects: Embedded (default; one silo with localhost clustering and
    /// durable SQLite storage under the data folder) or Cluster (Orleans' ADO.NET providers and the event log on PostgreSQL).
    /// </summary>
    public static IHostApplicationBuilder AddEngineSilo(this IHostApplicationBuilder builder)
    {
        var engine = builder.Configuration.GetSection(EngineOptions.SectionName).Get<EngineOptions>() ?? new EngineOptions();
        builder.Services.AddOptions<EngineOptions>().Bind(builder.Configuration.GetSection(EngineOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (engine.Mode == EngineMode.Cluster)
        {
            builder.AddPostgresSilo(engine, silo => silo.AddEventLogStreams(builder.Configuration));
            builder.Services.AddPostgresEventStore(builder.Configuration);
        }
        else
        {
            builder.Services.AddSqliteEventStore(builder.Configuration);
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(engine.SiloPort, engine.GatewayPort, serviceId: engine.ServiceId, clusterId: engine.ClusterId);
                silo.AddSqliteGrainStorageAsDefault();
                silo.AddActivityPropagation();
                silo.AddEventLogStreams(builder.Configuration);
                // One silo owns the whole directory, so a cache of where grains live saves no call; Orleans' default LRU
                // cache would keep ~230 B for every activation (measured on a heap dump of the journeys bench).
                silo.Configure<GrainDirectoryOptions>(o => o.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.None);
            });
        }
        builder.AddEngineServices();
        return builder;
    }

    /// <summary>The silo-side services that are the same in every mode: outbound sending (events reach grains through the streams).</summary>
    public static IHostApplicationBuilder AddEngineServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EventGrainOptions>().Bind(builder.Configuration.GetSection(EventGrainOptions.SectionName));
        builder.Services.AddOptions<WakeUpOptions>().Bind(builder.Configuration.GetSection(WakeUpOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IWakeUpTargets, GrainWakeUpTargets>();
        builder.Services.AddSingleton<JourneyDefinitionCache>();
        builder.Services.AddSingleton<CadencePolicyCache>();
        builder.Services.AddSingleton<DisplayNameCache>();
        builder.Services.AddOptions<GroupPoolOptions>().Bind(builder.Configuration.GetSection(GroupPoolOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGroupPools();
        builder.Services.AddOptions<HandoverOptions>().Bind(builder.Configuration.GetSection(HandoverOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CampaignOptions>().Bind(builder.Configuration.GetSection(CampaignOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<WakeUpDispatcher>();
        builder.Services.AddSingleton(sp => new SimulatedChannelAdapter("wecom", sp.GetRequiredService<ILogger<SimulatedChannelAdapter>>(),
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value.Simulated));
        builder.Services.AddSingleton<IChannelAdapter>(sp => sp.GetRequiredService<SimulatedChannelAdapter>());
        builder.Services.AddWebhookChannel(builder.Configuration);
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.SectionName))
            .ValidateDataAnnotations().Validate(o => o.IsValid(), "Outbox: a channel's settings (Outbox:Channels) or the simulated channel's faults (Outbox:Simulated) are out of range.").ValidateOnStart();
        builder.Services.AddHostedService<OutboxSender>();
        return builder;
    }
}
