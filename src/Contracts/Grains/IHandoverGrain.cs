namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// One customer handover (在职/离职继承), keyed "{tenantId}/{handoverId}". It reserves its customers in the persona's
/// <see cref="IHandoverLedgerGrain"/>, waits out WeCom's waiting period on the durable wake-up index (kind
/// <see cref="Kind"/>), then moves ownership through the persona. Every step is idempotent, so a wake-up that comes
/// twice or after a restart completes it exactly once.
/// </summary>
[Alias("pd.IHandoverGrain")]
public interface IHandoverGrain : IWakeUpTarget
{
    public const string Kind = "handover";

    /// <summary>Starts the handover (a repeat returns the existing one); the customers must already be checked.</summary>
    [Alias("StartAsync")]
    Task<HandoverView> StartAsync(HandoverRequest request);

    /// <summary>The handover, or null when none was started under this id.</summary>
    [Alias("GetAsync")]
    Task<HandoverView?> GetAsync();

    /// <summary>The customer refused the takeover (WeCom's transfer_fail, customer_refused); true when it applied.</summary>
    [Alias("RefuseAsync")]
    Task<bool> RefuseAsync(string customerId);

    /// <summary>Cancels every customer still waiting; completed ones stay.</summary>
    [Alias("CancelAsync")]
    Task<HandoverView?> CancelAsync();
}
