using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Gateway.Hosting;

/// <summary>The embedded engine as one web application: the silo in-process, the gateway around it.</summary>
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
        builder.AddEngineSilo();
        builder.AddGatewayApi();
        var app = builder.Build();
        app.MapGateway();
        return app;
    }
}
