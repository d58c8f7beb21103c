using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.Hosting;

namespace PrivateDomain.Silo.Hosting;

/// <summary>
/// The Gateway role: a process that is an Orleans client of the cluster on PostgreSQL and hosts no silo, so it has
/// no grain storage, stream delivery or outbox sender. It keeps the event store, because ingestion appends to the log
/// itself and acknowledges on its commit.
/// </summary>
public static class EngineClientExtensions
{
    public const string GatewayRoleNeedsCluster =
        "Engine:Role=Gateway makes this process an Orleans client of silos that run elsewhere, which only cluster mode has: " +
        "set Engine:Mode=Cluster (with Postgres:ConnectionString), or keep Engine:Role=Combined in embedded mode.";

    /// <summary>How often the client rereads the cluster's gateways from the membership table (Orleans' default is a minute).</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An Orleans client found through Orleans' ADO.NET membership on the database in section "Postgres", with the
    /// cluster's ids from section "Engine", and the PostgreSQL event store. Throws at once if the mode is not Cluster.
    /// "Orleans:Gateway" and "Orleans:Messaging" tune the client as Orleans binds them (e.g. Messaging:ResponseTimeout).
    /// </summary>
    public static IHostApplicationBuilder AddEngineClient(this IHostApplicationBuilder builder)
    {
        var engine = EngineOptions.From(builder.Configuration);
        if (engine.Mode != EngineMode.Cluster)
            throw new OptionsValidationException(EngineOptions.SectionName, typeof(EngineOptions), [GatewayRoleNeedsCluster]);
        builder.Services.AddOptions<EngineOptions>().Bind(builder.Configuration.GetSection(EngineOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Registered before the client: its start applies the schema that the client's membership queries read.
        builder.Services.AddPostgresEventStore(builder.Configuration);
        var gateways = builder.Configuration.GetSection("Orleans:Gateway");
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = engine.ClusterId;
                o.ServiceId = engine.ServiceId;
            });
            client.UseAdoNetClustering(o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
            {
                ado.Invariant = ClusterSiloExtensions.Invariant;
                ado.ConnectionString = pg.Value.ConnectionString;
            }));
            // New silos are found sooner; configuration still wins.
            client.Configure<GatewayOptions>(o =>
            {
                o.GatewayListRefreshPeriod = GatewayListRefreshPeriod;
                gateways.Bind(o);
            });
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            client.AddActivityPropagation();
        });
        return builder;
    }
}
