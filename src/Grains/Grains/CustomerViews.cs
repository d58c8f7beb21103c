using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Grains;

/// <summary>Builds the customer 360 from state; time-dependent figures are computed at read time.</summary>
public static class CustomerViews
{
    public const int TimelineShown = 50;
    public const int CadenceShown = 20;

    public static CustomerView From(CustomerState s, string tenantId, string customerId, DateTimeOffset now) => new(
        tenantId, customerId, s.Known,
        new Dictionary<string, string>(s.Identities), s.Tags.ToList(), new Dictionary<string, string>(s.Properties),
        s.OwnerPersonaId, s.OwnerAgentId, s.SourceChannel, s.ReferredBy,
        Lifecycle.Stage(s.Known, s.RemovedAt is not null, s.PurchaseCount, s.LastActiveAt, now),
        RfmCalculator.Compute(s.PurchaseCount, s.PurchaseTotal, s.LastPurchaseAt, now),
        s.PurchaseTotal, s.AddedAt, s.LastActiveAt, s.Timeline.Newest(TimelineShown), s.AppliedSequence,
        s.Journeys.Instances.Select(i => new CustomerJourneyView(i.JourneyId, i.Version, i.StepId, i.EnteredAt, i.DueAt, i.AwaitsEvent)).ToList(),
        s.Cadence.History.AsEnumerable().Reverse().Take(CadenceShown).Select(h => new CadenceDecisionView(
            h.Touch.Id, h.Touch.Source.ToString(), h.Decision.Outcome.ToString().ToLowerInvariant(), h.Decision.Reason, h.Decision.Text,
            h.Decision.DecidedAt, h.Decision.Until)).ToList());
}
