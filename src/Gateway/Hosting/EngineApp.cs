using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Gateway.Hosting;

/// <summary>
/// The engine's web application: by default (Engine:Role=Combined) the gateway with a silo in-process; with
/// Engine:Role=Gateway (cluster mode) the gateway alone, as an Orleans client of the cluster's silos.
/// </summary>
public static class EngineApp
{
    public static WebApplication Build(string[] args, string? environment = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLine.Normalise(args),
            EnvironmentName = environment,
            ContentRootPath = contentRoot,
        });
        if (EngineOptions.From(builder.Configuration).Role == EngineRole.Gateway)
            builder.AddEngineClient();
        else
            builder.AddEngineSilo().AddMembershipOptions();
        builder.AddGatewayApi();
        var app = builder.Build();
        app.MapGateway();
        return app;
    }
}
