using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Handover;

/// <summary>
/// WeCom's customer-transfer rules over a persona's ledger, pure but for the injected clock: a customer is in at most
/// one pending handover; at most <see cref="HandoverOptions.OnTheJobCap"/> completed on-the-job transfers per customer
/// in a rolling <see cref="HandoverOptions.CapWindow"/> (a third is refused up front as limit; resigned transfers are not
/// capped); the receiver's owned plus incoming customers stay within its limit (the excess is limit); only an
/// on-the-job transfer can be refused by the customer, and only while it waits.
/// </summary>
public sealed class HandoverRules(HandoverOptions options, TimeProvider time)
{
    public const int MaxRecent = 50;
    public const string ReasonCap = "transferred on the job too often in the cap window";
    public const string ReasonReceiverFull = "the receiving agent has reached their customer limit";
    public const string ReasonPending = "already waiting in another handover";

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>When a handover created now completes.</summary>
    public DateTimeOffset DueAt() => Now + options.WaitingPeriod;

    public bool IsDue(DateTimeOffset dueAt) => Now >= dueAt;

    /// <summary>True when the customer may still refuse: on-the-job only, and only while waiting.</summary>
    public bool CanRefuse(HandoverKind kind, HandoverCustomerState state, DateTimeOffset dueAt) =>
        kind == HandoverKind.OnTheJob && state == HandoverCustomerState.Waiting && !IsDue(dueAt);

    /// <summary>
    /// Reserves each (distinct) customer for the handover and returns its first state. Idempotent: customers this
    /// handover already holds answer waiting again and are not counted twice against the receiver.
    /// </summary>
    public IReadOnlyList<HandoverCustomerView> Reserve(HandoverLedgerState ledger, string handoverId, HandoverKind kind,
        string toAgentId, IReadOnlyList<string> customerIds, int receiverOwned, int receiverLimit, DateTimeOffset dueAt)
    {
        var now = Now;
        var incoming = ledger.Customers.Values.Count(t => Holds(t, now) && t.PendingToAgentId == toAgentId);
        var result = new List<HandoverCustomerView>();
        foreach (var id in customerIds.Distinct(StringComparer.Ordinal))
        {
            var t = ledger.Customers.TryGetValue(id, out var found) ? found : new CustomerTransfers();
            if (t.PendingHandoverId == handoverId && Holds(t, now))
            {
                result.Add(new(id, HandoverCustomerState.Waiting, null));
                continue;
            }
            var state = Holds(t, now) ? (HandoverCustomerState.Failed, ReasonPending)
                : kind == HandoverKind.OnTheJob && RecentOnTheJob(t, now) >= options.OnTheJobCap ? (HandoverCustomerState.Limit, ReasonCap)
                : receiverOwned + incoming >= receiverLimit ? (HandoverCustomerState.Limit, ReasonReceiverFull)
                : (HandoverCustomerState.Waiting, (string?)null);
            if (state.Item1 == HandoverCustomerState.Waiting)
            {
                t.PendingHandoverId = handoverId;
                t.PendingToAgentId = toAgentId;
                t.PendingUntil = dueAt + options.PendingGrace;
                ledger.Customers[id] = t;
                incoming++;
            }
            result.Add(new(id, state.Item1, state.Item2));
        }
        ledger.Recent.Remove(handoverId);
        ledger.Recent.Insert(0, handoverId);
        if (ledger.Recent.Count > MaxRecent) ledger.Recent.RemoveRange(MaxRecent, ledger.Recent.Count - MaxRecent);
        return result;
    }

    /// <summary>
    /// Records the completed takeovers (an on-the-job one counts toward the cap) and frees the released customers.
    /// Only customers this handover still holds change, so a repeat records nothing twice.
    /// </summary>
    public void Complete(HandoverLedgerState ledger, string handoverId, HandoverKind kind, IEnumerable<string> completed, IEnumerable<string> released)
    {
        var now = Now;
        foreach (var id in completed)
        {
            if (!ledger.Customers.TryGetValue(id, out var t) || t.PendingHandoverId != handoverId) continue;
            t.OnTheJob.RemoveAll(at => at <= now - options.CapWindow);
            if (kind == HandoverKind.OnTheJob) t.OnTheJob.Add(now);
            Clear(ledger, id, t);
        }
        Release(ledger, handoverId, released);
    }

    /// <summary>Frees the customers this handover holds (refused, cancelled, failed).</summary>
    public void Release(HandoverLedgerState ledger, string handoverId, IEnumerable<string> customerIds)
    {
        foreach (var id in customerIds)
        {
            if (ledger.Customers.TryGetValue(id, out var t) && t.PendingHandoverId == handoverId) Clear(ledger, id, t);
        }
    }

    /// <summary>The handover holding the customer now, if any.</summary>
    public string? Pending(HandoverLedgerState ledger, string customerId) =>
        ledger.Customers.TryGetValue(customerId, out var t) && Holds(t, Now) ? t.PendingHandoverId : null;

    /// <summary>Counts per state, every state present.</summary>
    public static IReadOnlyDictionary<HandoverCustomerState, int> Count(IEnumerable<HandoverCustomerView> customers)
    {
        var counts = Enum.GetValues<HandoverCustomerState>().ToDictionary(s => s, _ => 0);
        foreach (var c in customers) counts[c.State]++;
        return counts;
    }

    private int RecentOnTheJob(CustomerTransfers t, DateTimeOffset now) => t.OnTheJob.Count(at => at > now - options.CapWindow);

    private static bool Holds(CustomerTransfers t, DateTimeOffset now) => t.PendingHandoverId is not null && t.PendingUntil > now;

    private static void Clear(HandoverLedgerState ledger, string id, CustomerTransfers t)
    {
        t.PendingHandoverId = null;
        t.PendingToAgentId = null;
        t.PendingUntil = null;
        // Nothing left to remember: keep the ledger to customers with a pending transfer or a capped history.
        if (t.OnTheJob.Count == 0) ledger.Customers.Remove(id);
    }
}
