namespace PrivateDomain.Contracts.Grains;

/// <summary>One tenant's named webhook signing secrets, keyed by tenant id; persisted.</summary>
[Alias("pd.IWebhookSecretsGrain")]
public interface IWebhookSecretsGrain : IGrainWithStringKey
{
    /// <summary>The tenant's secrets by name, without their values.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<WebhookSecretInfo>> ListAsync();

    /// <summary>Creates the secret or replaces its value (rotation); answers with its name and times.</summary>
    [Alias("SetAsync")]
    Task<WebhookSecretInfo> SetAsync(string name, string value);

    /// <summary>Deletes the secret; false when there was none of that name.</summary>
    [Alias("RemoveAsync")]
    Task<bool> RemoveAsync(string name);

    /// <summary>The secret's value for signing (silo-side only; never sent out by the API), or null.</summary>
    [Alias("GetValueAsync")]
    Task<string?> GetValueAsync(string name);
}
