using System.Security.Cryptography;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Silo.Hosting;

namespace PrivateDomain.Gateway.Demo;

/// <summary>Registers the demo when "--demo" is given: the demo tenant's key and the traffic driver.</summary>
public static class DemoExtensions
{
    public const string DemoNeedsCombinedRole =
        "Demo:Enabled (--demo) seeds the demo tenant and drives its traffic from the process that hosts the silo; with " +
        "Engine:Role=Gateway every gateway would drive traffic of its own. Run the demo with Engine:Role=Combined.";

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var options = builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Configuration.GetValue<bool>($"{DemoOptions.SectionName}:Enabled")) return builder;
        if (EngineOptions.From(builder.Configuration).Role == EngineRole.Gateway)
        {
            options.Validate(o => !o.Enabled, DemoNeedsCombinedRole);
            return builder;
        }

        var key = Environment.GetEnvironmentVariable(DemoOptions.IngestKeyVariable);
        var generated = string.IsNullOrEmpty(key);
        if (generated) key = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        builder.Services.PostConfigure<TenantOptions>(o => o.Tenants[DemoOptions.TenantId] = new TenantConfig { IngestKey = key! });
        builder.Services.AddHostedService<DemoDriver>();
        Console.WriteLine(generated
            ? $"Demo tenant '{DemoOptions.TenantId}' ingest key: {key} (set {DemoOptions.IngestKeyVariable} to choose it)"
            : $"Demo tenant '{DemoOptions.TenantId}' ingest key taken from {DemoOptions.IngestKeyVariable}");
        return builder;
    }
}
