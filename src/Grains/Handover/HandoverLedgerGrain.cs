using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Handover;

/// <summary>A persona's transfer ledger: <see cref="HandoverRules"/> over persisted state, one write per change.</summary>
public sealed class HandoverLedgerGrain(
    [PersistentState("handoverLedger")] IPersistentState<HandoverLedgerState> state,
    IOptions<HandoverOptions> options,
    TimeProvider time)
    : Grain, IHandoverLedgerGrain
{
    private readonly HandoverRules _rules = new(options.Value, time);

    private HandoverLedgerState S => state.State;

    public async Task<IReadOnlyList<HandoverCustomerView>> ReserveAsync(string handoverId, HandoverKind kind, string toAgentId,
        IReadOnlyList<string> customerIds, int receiverOwned, int receiverLimit, DateTimeOffset dueAt)
    {
        var result = _rules.Reserve(S, handoverId, kind, toAgentId, customerIds, receiverOwned, receiverLimit, dueAt);
        await state.WriteStateAsync();
        return result;
    }

    public async Task CompleteAsync(string handoverId, HandoverKind kind, IReadOnlyList<string> completed, IReadOnlyList<string> released)
    {
        _rules.Complete(S, handoverId, kind, completed, released);
        await state.WriteStateAsync();
    }

    public async Task ReleaseAsync(string handoverId, IReadOnlyList<string> customerIds)
    {
        _rules.Release(S, handoverId, customerIds);
        await state.WriteStateAsync();
    }

    public Task<string?> FindPendingAsync(string customerId) => Task.FromResult(_rules.Pending(S, customerId));

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(S.Recent.ToList());
}
