namespace PrivateDomain.Contracts.Grains;

/// <summary>
/// A persona's transfer ledger, keyed "{tenantId}/{personaId}": which customer is in a pending handover, each
/// customer's on-the-job transfers of the last 90 days, and the persona's recent handovers. It applies
/// <c>HandoverRules</c>, so two handovers can never hold one customer at once.
/// </summary>
[Alias("pd.IHandoverLedgerGrain")]
public interface IHandoverLedgerGrain : IGrainWithStringKey
{
    /// <summary>Reserves the customers for a handover; returns each one's first state (waiting or limit). Idempotent per handover.</summary>
    [Alias("ReserveAsync")]
    Task<IReadOnlyList<HandoverCustomerView>> ReserveAsync(string handoverId, HandoverKind kind, string toAgentId,
        IReadOnlyList<string> customerIds, int receiverOwned, int receiverLimit, DateTimeOffset dueAt);

    /// <summary>Records completed takeovers (on-the-job ones count toward the 90-day cap) and frees the customers.</summary>
    [Alias("CompleteAsync")]
    Task CompleteAsync(string handoverId, HandoverKind kind, IReadOnlyList<string> completed, IReadOnlyList<string> released);

    /// <summary>Frees customers of a handover that will not complete (refused, cancelled).</summary>
    [Alias("ReleaseAsync")]
    Task ReleaseAsync(string handoverId, IReadOnlyList<string> customerIds);

    /// <summary>The handover a customer is waiting in, if any.</summary>
    [Alias("FindPendingAsync")]
    Task<string?> FindPendingAsync(string customerId);

    /// <summary>The persona's most recent handover ids, newest first.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<string>> ListAsync();
}
