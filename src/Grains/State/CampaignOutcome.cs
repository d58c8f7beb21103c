using PrivateDomain.Storage;

namespace PrivateDomain.Grains.State;

/// <summary>What a customer did after a campaign delivery: read or clicked it (by delivery id), or bought (by order id).</summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignOutcome")]
public sealed record CampaignOutcome(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] CampaignSignal? Signal,
    [property: Id(2)] string? DeliveryId,
    [property: Id(3)] string? OrderId,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] DateTimeOffset At)
{
    public static CampaignOutcome OfSignal(string customerId, CampaignSignal signal, string deliveryId, DateTimeOffset at) =>
        new(customerId, signal, deliveryId, null, 0m, at);

    public static CampaignOutcome OfPurchase(string customerId, string orderId, decimal amount, DateTimeOffset at) =>
        new(customerId, null, null, orderId, amount, at);
}
