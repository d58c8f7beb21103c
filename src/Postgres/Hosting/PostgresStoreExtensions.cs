using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateDomain.Postgres.Campaigns;
using PrivateDomain.Postgres.EventLog;
using PrivateDomain.Postgres.JourneyStats;
using PrivateDomain.Postgres.Outbox;
using PrivateDomain.Postgres.WakeUps;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.Hosting;

/// <summary>Registers the cluster-mode stores on PostgreSQL: the event log and the outbox.</summary>
public static class PostgresStoreExtensions
{
    /// <summary>
    /// Registers <see cref="IEventLog"/> and <see cref="IOutbox"/> on PostgreSQL, options bound from section
    /// "Postgres" and validated on start. The schema is applied (idempotently) before either store first
    /// touches its tables, and a host does not finish starting until the log has read its head.
    /// </summary>
    public static IServiceCollection AddPostgresEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.AddOptions<PostgresOptions>().Bind(configuration.GetSection(PostgresOptions.SectionName)).ValidateOnStart();
        services.TryAddSingleton<PostgresSchemaGate>();
        services.TryAddSingleton<PostgresEventLog>();
        services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<PostgresEventLog>());
        services.TryAddSingleton<PostgresOutbox>();
        services.TryAddSingleton<IOutbox>(sp => sp.GetRequiredService<PostgresOutbox>());
        services.TryAddSingleton<PostgresCampaignStore>();
        services.TryAddSingleton<ICampaignStore>(sp => sp.GetRequiredService<PostgresCampaignStore>());
        services.TryAddSingleton<PostgresCustomerDirectory>();
        services.TryAddSingleton<ICustomerDirectory>(sp => sp.GetRequiredService<PostgresCustomerDirectory>());
        services.TryAddSingleton<PostgresWakeUpIndex>();
        services.TryAddSingleton<IWakeUpIndex>(sp => sp.GetRequiredService<PostgresWakeUpIndex>());
        services.TryAddSingleton<PostgresJourneyStatsStore>();
        services.TryAddSingleton<IJourneyStatsStore>(sp => sp.GetRequiredService<PostgresJourneyStatsStore>());
        services.TryAddSingleton<ILeaderLease, PgAdvisoryLease>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresEventLogStartup>());
        return services;
    }
}
