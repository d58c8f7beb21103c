namespace PrivateDomain.Contracts;

/// <summary>How journey webhooks travel through the outbox.</summary>
public static class WebhookDelivery
{
    /// <summary>The outbox channel (and message kind) of outbound webhooks.</summary>
    public const string Channel = "webhook";

    /// <summary>The shortest and longest secret a tenant may set, in characters.</summary>
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 512;
}

/// <summary>A tenant webhook secret as the API shows it: its name and times, never its value.</summary>
[GenerateSerializer, Immutable, Alias("pd.WebhookSecretInfo")]
public sealed record WebhookSecretInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset UpdatedAt);
