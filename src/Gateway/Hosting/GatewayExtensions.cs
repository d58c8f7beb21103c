using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using PrivateDomain.Gateway.Api;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Gateway.ConsoleHub;
using PrivateDomain.Gateway.Demo;
using PrivateDomain.Gateway.Health;
using PrivateDomain.Gateway.Ingestion;
using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Gateway.Hosting;

/// <summary>The gateway's wiring: HTTP API, console hub, auth, health, telemetry, demo.</summary>
public static class GatewayExtensions
{
    public const string SharedSigningKeyRequired =
        "AgentTokens:SigningKey is required with Engine:Role=Gateway: every gateway must accept the console tokens the " +
        "others issue, so that a console can reconnect to any of them. Give all gateways the same base64 key of 32 bytes or more.";

    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddEngineTelemetry(t => t.AddAspNetCoreInstrumentation());
        services.AddProblemDetails();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddOpenApi();
        services.AddOptions<TenantOptions>().Configure<IConfiguration>((o, config) =>
        {
            foreach (var tenant in config.GetSection(TenantOptions.SectionName).GetChildren())
                o.Tenants[tenant.Key] = tenant.Get<TenantConfig>() ?? new TenantConfig();
        });
        services.AddSingleton<TenantKeys>();
        var tokenOptions = services.AddOptions<AgentTokenOptions>().Bind(builder.Configuration.GetSection(AgentTokenOptions.SectionName));
        if (EngineOptions.From(builder.Configuration).Role == EngineRole.Gateway)
            tokenOptions.Validate(o => o.SigningKey.Length > 0, SharedSigningKeyRequired).ValidateOnStart();
        services.AddSingleton<AgentTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AgentTokens>((o, tokens) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = tokens.ValidationParameters;
            // Browsers cannot set headers on WebSockets: SignalR sends the token in the query string.
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = ctx =>
                {
                    if (ctx.Request.Path.StartsWithSegments(ConsoleHub.ConsoleHub.Path) && ctx.Request.Query["access_token"] is { Count: > 0 } t)
                        ctx.Token = t;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        services.AddSingleton<ConsoleObserver>();
        services.AddHostedService<ConsoleBridge>();
        services.AddOptions<IngestionOptions>().Bind(builder.Configuration.GetSection(IngestionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DeliveryLagMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryLagMonitor>());
        services.AddHealthChecks().AddCheck<EngineReadyCheck>("engine", tags: ["ready"]);
        builder.AddDemo();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapIngestionApi();
        app.MapQueryApi();
        app.MapManagementApi();
        app.MapJourneyApi();
        app.MapCadenceApi();
        app.MapWebhookSecretApi();
        app.MapGroupPoolApi();
        app.MapModerationApi();
        app.MapGroupSopApi();
        app.MapHandoverApi();
        app.MapScriptApi();
        app.MapCampaignApi();
        if (app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled) app.MapDevApi();
        app.MapHub<ConsoleHub.ConsoleHub>(ConsoleHub.ConsoleHub.Path);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.Lifetime.ApplicationStarted.Register(() => PrintConsoleUrl(app));
        return app;
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static void PrintConsoleUrl(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5080";
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var hint = demo.Enabled ? $"?tenant={DemoOptions.TenantId}&agent=a1" : "";
        // Printed on stdout (not only logged) so a newcomer sees it whatever the log level.
        Console.WriteLine($"PrivateDomain console: {url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)}/{hint}");
    }
}
