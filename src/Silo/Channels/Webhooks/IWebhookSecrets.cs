using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>Where the webhook adapter finds a tenant's signing secret by name.</summary>
public interface IWebhookSecrets
{
    /// <summary>The secret's value, or null when the tenant has none of that name.</summary>
    Task<string?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);
}

/// <summary>Reads secrets from the tenant's <see cref="IWebhookSecretsGrain"/>, which works the same embedded and in a cluster.</summary>
public sealed class GrainWebhookSecrets(IGrainFactory grains) : IWebhookSecrets
{
    public Task<string?> GetAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        grains.GetGrain<IWebhookSecretsGrain>(tenantId).GetValueAsync(name).WaitAsync(cancellationToken);
}
