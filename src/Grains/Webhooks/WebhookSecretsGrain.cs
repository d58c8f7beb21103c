using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Webhooks;

/// <summary>One tenant's webhook secrets: set and deleted through the API, read by the webhook channel adapter.</summary>
public sealed class WebhookSecretsGrain(
    [PersistentState("webhookSecrets")] IPersistentState<WebhookSecretsState> state, TimeProvider time)
    : Grain, IWebhookSecretsGrain
{
    public Task<IReadOnlyList<WebhookSecretInfo>> ListAsync() => Task.FromResult<IReadOnlyList<WebhookSecretInfo>>(
        state.State.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Info(s.Key, s.Value)).ToList());

    public async Task<WebhookSecretInfo> SetAsync(string name, string value)
    {
        if (!TenantKey.IsValidId(name)) throw new ArgumentException("Not a valid secret name.", nameof(name));
        if (value is not { Length: >= WebhookDelivery.MinSecretLength and <= WebhookDelivery.MaxSecretLength })
            throw new ArgumentException("The secret's length is out of range.", nameof(value));
        var now = time.GetUtcNow();
        var stored = state.State.Secrets.TryGetValue(name, out var known)
            ? known with { Value = value, UpdatedAt = now }
            : new StoredWebhookSecret(value, now, now);
        state.State.Secrets[name] = stored;
        await WriteAsync();
        return Info(name, stored);
    }

    public async Task<bool> RemoveAsync(string name)
    {
        if (!state.State.Secrets.Remove(name)) return false;
        await WriteAsync();
        return true;
    }

    public Task<string?> GetValueAsync(string name) => Task.FromResult(state.State.Secrets.GetValueOrDefault(name)?.Value);

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: reload what is stored on the next call; the caller sees the failure.
            DeactivateOnIdle();
            throw;
        }
    }

    private static WebhookSecretInfo Info(string name, StoredWebhookSecret s) => new(name, s.CreatedAt, s.UpdatedAt);
}
