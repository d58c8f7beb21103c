using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Handover;

/// <summary>
/// One handover: reserve in the persona's ledger, wait on the durable wake-up index, then move ownership through the
/// persona, set each customer's owner, settle the ledger and tell both agents. Each step is idempotent and state is
/// written last, so a wake-up repeated after a crash finishes the same work once.
/// </summary>
[GrainType(IHandoverGrain.Kind)]
public sealed class HandoverGrain(
    [PersistentState("handover")] IPersistentState<HandoverState> state,
    IWakeUpIndex wakeUps,
    IOptions<HandoverOptions> options,
    TimeProvider time,
    ILogger<HandoverGrain> logger)
    : Grain, IHandoverGrain
{
    public const string WakeUpKey = "due";
    private const int Chunk = 500;
    private readonly HandoverRules _rules = new(options.Value, time);
    private string _tenantId = "";
    private string _handoverId = "";

    private HandoverState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _handoverId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<HandoverView> StartAsync(HandoverRequest request)
    {
        if (S.Request is null)
        {
            var due = _rules.DueAt();
            var receiver = await Grain<IAgentGrain>(request.ToAgentId).GetAsync();
            var owned = (await Persona(request.PersonaId).GetOwnedCustomersAsync(request.ToAgentId)).Count;
            var first = await Ledger(request.PersonaId).ReserveAsync(_handoverId, request.Kind, request.ToAgentId, request.CustomerIds,
                owned, receiver.CustomerLimit ?? options.Value.DefaultCustomerLimit, due);
            // The wake-up first: a crash before the write leaves a wake-up that finds nothing started, never the reverse.
            if (first.Any(c => c.State == HandoverCustomerState.Waiting))
                await wakeUps.ScheduleAsync([new WakeUp(_tenantId, IHandoverGrain.Kind, _handoverId, WakeUpKey, due)]);
            (S.Request, S.CreatedAt, S.DueAt, S.Customers) = (request, _rules.Now, due, first.ToList());
            if (!first.Any(c => c.State == HandoverCustomerState.Waiting)) S.FinishedAt = _rules.Now;
            await state.WriteStateAsync();
            logger.LogInformation("Handover {Tenant}/{Handover}: {Kind} of {Customers} customers from {From} to {To} in {Persona}, due {DueAt}",
                _tenantId, _handoverId, request.Kind, first.Count, request.FromAgentId, request.ToAgentId, request.PersonaId, due);
        }
        return View()!;
    }

    public Task<HandoverView?> GetAsync() => Task.FromResult(View());

    public Task WakeAsync(string key, DateTimeOffset dueAt) => CompleteIfDueAsync();

    public async Task<bool> RefuseAsync(string customerId)
    {
        if (S.Request is not { } r || S.FinishedAt is not null) return false;
        var i = S.Customers.FindIndex(c => c.CustomerId == customerId);
        if (i < 0 || !_rules.CanRefuse(r.Kind, S.Customers[i].State, S.DueAt)) return false;
        S.Customers[i] = S.Customers[i] with { State = HandoverCustomerState.Refused, Reason = "the customer refused the takeover" };
        await state.WriteStateAsync();
        await Ledger(r.PersonaId).ReleaseAsync(_handoverId, [customerId]);
        return true;
    }

    public async Task<HandoverView?> CancelAsync()
    {
        if (S.Request is not { } r || S.FinishedAt is not null) return View();
        var waiting = Waiting();
        S.Customers = S.Customers.Select(c => c.State == HandoverCustomerState.Waiting
            ? c with { State = HandoverCustomerState.Cancelled, Reason = "cancelled by a supervisor" } : c).ToList();
        S.FinishedAt = _rules.Now;
        await state.WriteStateAsync();
        await Ledger(r.PersonaId).ReleaseAsync(_handoverId, waiting);
        await wakeUps.CancelAsync([new WakeUpKey(_tenantId, IHandoverGrain.Kind, _handoverId, WakeUpKey)]);
        return View();
    }

    private async Task CompleteIfDueAsync()
    {
        if (S.Request is not { } r || S.FinishedAt is not null || !_rules.IsDue(S.DueAt)) return;
        var waiting = Waiting();
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in waiting.Chunk(Chunk))
            moved.UnionWith(await Persona(r.PersonaId).ReassignOwnersAsync(r.FromAgentId, r.ToAgentId, chunk, $"handover:{_handoverId}"));
        foreach (var chunk in moved.Chunk(64))
            await Task.WhenAll(chunk.Select(id => Grain<ICustomerGrain>(id).SetOwnerAsync(r.PersonaId, r.ToAgentId)));
        S.Customers = S.Customers.Select(c => c.State != HandoverCustomerState.Waiting ? c
            : moved.Contains(c.CustomerId) ? c with { State = HandoverCustomerState.Completed }
            : c with { State = HandoverCustomerState.Failed, Reason = "no longer the giving agent's, or the receiver left the persona" }).ToList();
        var released = S.Customers.Where(c => c.State != HandoverCustomerState.Completed).Select(c => c.CustomerId).ToList();
        await Ledger(r.PersonaId).CompleteAsync(_handoverId, r.Kind, moved.ToList(), released);
        if (moved.Count > 0) await NotifyAsync(r, moved.Count);
        S.FinishedAt = _rules.Now;
        await state.WriteStateAsync();
        logger.LogInformation("Handover {Tenant}/{Handover} completed: {Moved} of {Waiting} waiting customers moved to {To}",
            _tenantId, _handoverId, moved.Count, waiting.Count, r.ToAgentId);
    }

    /// <summary>Agent-feed notifications; the feed drops a repeat of the same event id, so a redone completion tells once.</summary>
    private async Task NotifyAsync(HandoverRequest r, int moved)
    {
        var now = _rules.Now;
        var eventId = $"handover:{_handoverId}";
        await Grain<IAgentGrain>(r.ToAgentId).NotifyAsync(new ConsoleItem(0, ConsoleItemKinds.HandoverIn, now, null, null, r.PersonaId, r.ToAgentId,
            $"{moved} customers handed over from {r.FromAgentId}", eventId));
        await Grain<IAgentGrain>(r.FromAgentId).NotifyAsync(new ConsoleItem(0, ConsoleItemKinds.HandoverOut, now, null, null, r.PersonaId, r.FromAgentId,
            $"{moved} customers handed over to {r.ToAgentId}", eventId));
    }

    private List<string> Waiting() => S.Customers.Where(c => c.State == HandoverCustomerState.Waiting).Select(c => c.CustomerId).ToList();

    private HandoverView? View() => S.Request is not { } r ? null
        : new HandoverView(_handoverId, r.PersonaId, r.FromAgentId, r.ToAgentId, r.Kind, S.CreatedAt, S.DueAt, S.FinishedAt,
            HandoverRules.Count(S.Customers), S.Customers.ToList(), r.RequestedBy);

    private IPersonaGrain Persona(string personaId) => Grain<IPersonaGrain>(personaId);

    private IHandoverLedgerGrain Ledger(string personaId) => Grain<IHandoverLedgerGrain>(personaId);

    private T Grain<T>(string id) where T : IGrainWithStringKey => GrainFactory.GetGrain<T>(TenantKey.Compose(_tenantId, id));
}
