using Orleans.Concurrency;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>Records a customer's campaign outcome in the campaign store on behalf of its pending effect.</summary>
[Alias("pd.ICampaignOutcomeWriterGrain")]
public interface ICampaignOutcomeWriterGrain : IGrainWithIntegerKey
{
    /// <summary>A signal is recorded once per delivery, a purchase attributed once per order: a repeat changes nothing.</summary>
    [Alias("RecordAsync")]
    Task RecordAsync(string tenantId, CampaignOutcome outcome);
}

/// <summary>
/// Stateless, like the outbox writer: the store makes repeats no-ops. Reentrant, so many customers' calls share the
/// store's group commit.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class CampaignOutcomeWriterGrain(ICampaignStore store) : Grain, ICampaignOutcomeWriterGrain
{
    public Task RecordAsync(string tenantId, CampaignOutcome outcome) => outcome switch
    {
        { Signal: { } signal, DeliveryId: { } delivery } => store.RecordSignalAsync(tenantId, delivery, outcome.CustomerId, signal, outcome.At),
        { OrderId: { } order } => store.AttributePurchaseAsync(tenantId, outcome.CustomerId, order, outcome.Amount, outcome.At),
        _ => throw new ArgumentException("A campaign outcome is a signal with a delivery id or a purchase with an order id.", nameof(outcome)),
    };
}
