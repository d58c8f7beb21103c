namespace PrivateDomain.Contracts.Grains;

/// <summary>One customer (客户), keyed "{tenantId}/{customerId}"; woken by the wake-up index for journey waits and deferred touches.</summary>
[Alias("pd.ICustomerGrain")]
public interface ICustomerGrain : IEventConsumerGrain, IWakeUpTarget
{
    /// <summary>Returns the customer 360.</summary>
    [Alias("GetAsync")]
    Task<CustomerView> GetAsync();

    /// <summary>Adds (or with <paramref name="remove"/> removes) a tag on behalf of an agent.</summary>
    [Alias("TagAsync")]
    Task<CustomerView> TagAsync(string tag, string agentId, bool remove = false);

    /// <summary>Records the persona that owns the customer and the agent who serves them.</summary>
    [Alias("SetOwnerAsync")]
    Task SetOwnerAsync(string personaId, string? agentId);

    /// <summary>Passes a non-journey touch (campaign, group SOP, mass-send) through the cadence ledger; a sent one goes to the outbox.</summary>
    [Alias("RequestTouchAsync")]
    Task<TouchAnswer> RequestTouchAsync(TouchRequest request);

    /// <summary>Puts how an action on the customer's behalf ended (pool routing, webhook failure) on the timeline, once per outcome id.</summary>
    [Alias("RecordOutcomeAsync")]
    Task RecordOutcomeAsync(CustomerOutcome outcome);
}
