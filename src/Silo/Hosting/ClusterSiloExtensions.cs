using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using PrivateDomain.Postgres;

namespace PrivateDomain.Silo.Hosting;

/// <summary>Cluster mode's Orleans: ADO.NET clustering, default grain storage and reminders on PostgreSQL.</summary>
public static class ClusterSiloExtensions
{
    /// <summary>Orleans' ADO.NET invariant for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// A silo of the cluster <paramref name="engine"/> names, on the database in section "Postgres", with the schema
    /// brought up to date before the silo starts. The event store and engine services are added by AddEngineSilo.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresSilo(
        this IHostApplicationBuilder builder, EngineOptions engine, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        builder.Services.AddOptions<PostgresOptions>().Bind(builder.Configuration.GetSection(PostgresOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<PostgresSchemaGate>();
        builder.Services.TryAddSingleton<PostgresSchemaInitializer>();
        // Registered before UseOrleans so it starts before the silo's own hosted service.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresSchemaInitializer>());
        builder.UseOrleans(silo =>
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PostgresSchemaInitializer>());
            silo.UsePostgres(engine);
            configure?.Invoke(silo);
        });
        return builder;
    }

    private static ISiloBuilder UsePostgres(this ISiloBuilder silo, EngineOptions engine)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = engine.ClusterId;
            o.ServiceId = engine.ServiceId;
        });
        // Trace ids follow calls into grains, as in embedded mode.
        silo.AddActivityPropagation();
        if (string.IsNullOrEmpty(engine.AdvertisedAddress))
            silo.ConfigureEndpoints(engine.SiloPort, engine.GatewayPort);
        else if (IPAddress.TryParse(engine.AdvertisedAddress, out var advertised))
            silo.ConfigureEndpoints(advertised, engine.SiloPort, engine.GatewayPort);
        else
            throw new InvalidOperationException($"{EngineOptions.SectionName}:{nameof(EngineOptions.AdvertisedAddress)}: '{engine.AdvertisedAddress}' is not an IP address.");

        silo.UseAdoNetClustering(o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
        {
            ado.Invariant = Invariant;
            ado.ConnectionString = pg.Value.ConnectionString;
        }));
        silo.AddPostgresGrainStorageAsDefault();
        silo.UseAdoNetReminderService(o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
        {
            ado.Invariant = Invariant;
            ado.ConnectionString = pg.Value.ConnectionString;
        }));
        return silo;
    }

    /// <summary>
    /// Orleans' ADO.NET grain storage on the database in section "Postgres" as the default provider, with Orleans'
    /// binary serializer, as the embedded SQLite storage uses: state types are [GenerateSerializer] records.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder silo) =>
        silo.AddAdoNetGrainStorageAsDefault(o => o.Configure<IOptions<PostgresOptions>, Serializer>((ado, pg, serializer) =>
        {
            ado.Invariant = Invariant;
            ado.ConnectionString = pg.Value.ConnectionString;
            ado.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
}
