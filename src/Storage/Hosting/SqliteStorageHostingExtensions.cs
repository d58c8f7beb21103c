using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Storage.Hosting;

/// <summary>Registers the embedded SQLite stores: the event log and outbox, and Orleans grain storage.</summary>
public static class SqliteStorageHostingExtensions
{
    /// <summary>Registers <see cref="IEventLog"/> and <see cref="IOutbox"/> on SQLite, options bound from section "Storage".</summary>
    public static IServiceCollection AddSqliteEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddStorageOptions().Bind(configuration.GetSection(StorageOptions.SectionName));
        return services.AddEventStoreServices();
    }

    /// <summary>Registers <see cref="IEventLog"/> and <see cref="IOutbox"/> on SQLite with options set in code.</summary>
    public static IServiceCollection AddSqliteEventStore(this IServiceCollection services, Action<StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddStorageOptions().Configure(configure);
        return services.AddEventStoreServices();
    }

    /// <summary>Adds SQLite grain storage under <paramref name="name"/> (the name grains give in [PersistentState]).</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // Options come from the silo's configuration, plus anything AddSqliteEventStore configured.
        builder.Services.AddStorageOptions().Bind(builder.Configuration.GetSection(StorageOptions.SectionName));
        builder.Services.AddGrainStorage(name, static (sp, _) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp));
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the default provider ("Default").</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static OptionsBuilder<StorageOptions> AddStorageOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        return services.AddOptions<StorageOptions>().ValidateOnStart();
    }

    private static IServiceCollection AddEventStoreServices(this IServiceCollection services)
    {
        services.TryAddSingleton<SqliteEventLog>();
        services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<SqliteEventLog>());
        services.TryAddSingleton<SqliteOutbox>();
        services.TryAddSingleton<IOutbox>(sp => sp.GetRequiredService<SqliteOutbox>());
        // Campaign deliveries and the customer directory live in the outbox's file, written by its writer.
        services.TryAddSingleton<ICampaignStore>(sp => new SqliteCampaignStore(sp.GetRequiredService<SqliteOutbox>()));
        services.TryAddSingleton<ICustomerDirectory>(sp => new SqliteCustomerDirectory(sp.GetRequiredService<SqliteOutbox>()));
        services.TryAddSingleton<SqliteWakeUpIndex>();
        services.TryAddSingleton<IWakeUpIndex>(sp => sp.GetRequiredService<SqliteWakeUpIndex>());
        services.TryAddSingleton<SqliteJourneyStatsStore>();
        services.TryAddSingleton<IJourneyStatsStore>(sp => sp.GetRequiredService<SqliteJourneyStatsStore>());
        services.TryAddSingleton<ILeaderLease, ProcessLease>();
        return services;
    }
}
