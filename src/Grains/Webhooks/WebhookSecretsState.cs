namespace PrivateDomain.Grains.Webhooks;

/// <summary>A tenant's webhook secrets by name. The values are stored as given, like the grain storage's other state.</summary>
[GenerateSerializer, Alias("pd.WebhookSecretsState")]
public sealed record WebhookSecretsState
{
    [Id(0)] public Dictionary<string, StoredWebhookSecret> Secrets { get; init; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("pd.StoredWebhookSecret")]
public sealed record StoredWebhookSecret(
    [property: Id(0)] string Value,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset UpdatedAt);
