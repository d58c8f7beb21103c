using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>Wires the webhook channel: options, the HTTP client and the adapter.</summary>
public static class WebhookChannelExtensions
{
    public static IServiceCollection AddWebhookChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.IsValid(), "Webhooks:Timeout must be above zero and at most 5 minutes.").ValidateOnStart();
        services.AddHttpClient(WebhookChannelAdapter.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            // A redirect is the receiver's answer (a 3xx, final), never a second POST to somewhere else.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddSingleton<IWebhookSecrets, GrainWebhookSecrets>();
        services.AddSingleton<IChannelAdapter, WebhookChannelAdapter>();
        return services;
    }
}
