using System.Security.Cryptography;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Demo;

/// <summary>Registers the demo when "--demo" is given: the demo tenant's key and the traffic driver.</summary>
public static class DemoExtensions
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Configuration.GetValue<bool>($"{DemoOptions.SectionName}:Enabled")) return builder;

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
