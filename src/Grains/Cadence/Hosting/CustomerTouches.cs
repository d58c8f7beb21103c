using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Cadence.Hosting;

/// <summary>
/// Carries outbound touches through one customer's ledger, for every sender: decide with the tenant's policy in the
/// customer's zone, record the decision in the ledger and the timeline, and put a sent touch in the outbox under the
/// touch id. Journeys keep their own message shape (<see cref="CustomerJourneyRunner"/>); touch requests from
/// campaigns, group SOPs and mass-sends keep theirs in <see cref="CustomerState.DeferredTouchMessages"/> while deferred.
/// </summary>
public static class CustomerTouches
{
    public const string TimeZoneProperty = "timezone";

    public static TimeZoneInfo Zone(CustomerState s, CadencePolicy policy) =>
        LocalTime.Zone(s.Properties.GetValueOrDefault(TimeZoneProperty), policy.DefaultTimeZoneId);

    /// <summary>
    /// Decides <paramref name="touch"/> at <paramref name="now"/> and records it; a send enqueues <paramref name="outbox"/>.
    /// Null for a touch already decided (a repeat changes nothing).
    /// </summary>
    public static CadenceDecision? Decide(CustomerState s, Touch touch, CadencePolicy policy, DateTimeOffset now, string label,
        Func<OutboxMessage> outbox, List<GrainEffect> effects)
    {
        var decision = CadenceLedger.Decide(s.Cadence, touch, policy, Zone(s, policy), now);
        if (decision.Reason == CadenceReasons.DuplicateTouch) return null;
        Record(s, touch, decision, policy, label);
        if (decision.Outcome == CadenceOutcome.Send) effects.Add(GrainEffect.Enqueue(outbox()));
        return decision;
    }

    /// <summary>A touch request: answered with the first decision when its id is known, else decided now.</summary>
    public static TouchAnswer Request(CustomerState s, string tenantId, string customerId, TouchRequest request, CadencePolicy policy,
        DateTimeOffset now, List<GrainEffect> effects)
    {
        if (CadenceLedger.Knows(s.Cadence, request.TouchId))
            return TouchRequests.Answer(CadenceLedger.LastDecision(s.Cadence, request.TouchId) ?? CadenceLedger.Duplicate(request.TouchId, now),
                repeated: true);
        var decision = Carry(s, tenantId, customerId, TouchRequests.ToTouch(request, now), request.Message, policy, now, effects);
        return TouchRequests.Answer(decision!, repeated: false);
    }

    /// <summary>A deferred touch request that is due: decided again, and sent, deferred again or dropped.</summary>
    public static void Release(CustomerState s, string tenantId, string customerId, Touch touch, TouchMessage message, CadencePolicy policy,
        DateTimeOffset now, List<GrainEffect> effects) =>
        Carry(s, tenantId, customerId, touch, message, policy, now, effects);

    private static CadenceDecision? Carry(CustomerState s, string tenantId, string customerId, Touch touch, TouchMessage message,
        CadencePolicy policy, DateTimeOffset now, List<GrainEffect> effects)
    {
        CadenceDecision? decision;
        if ((message.PersonaId ?? s.OwnerPersonaId) is not { } persona)
        {
            decision = new CadenceDecision(touch.Id, CadenceOutcome.Skip, CadenceReasons.NoPersona,
                "Skipped: the customer has no persona to send from.", now);
            Record(s, touch, decision, policy, touch.Source.ToString());
        }
        else
        {
            decision = Decide(s, touch, policy, now, touch.Source.ToString(), () => new OutboxMessage(touch.Id, tenantId,
                OutboxChannel(touch.Channel), persona, customerId, message.GroupId, s.OwnerAgentId, message.Kind, message.Text, now,
                OutboxStatus.Pending, null), effects);
        }
        if (decision?.Outcome == CadenceOutcome.Defer) s.DeferredTouchMessages[touch.Id] = message;
        else if (decision is not null) s.DeferredTouchMessages.Remove(touch.Id);
        return decision;
    }

    private static void Record(CustomerState s, Touch touch, CadenceDecision decision, CadencePolicy policy, string label)
    {
        CadenceLedger.Record(s.Cadence, touch, decision, policy);
        s.Timeline.AddBounded(new TimelineEntry(decision.DecidedAt, JourneyTimelineKinds.Cadence, $"{decision.Text} ({label})", touch.Id),
            CustomerProjection.TimelineMax);
    }

    /// <summary>The outbox channel that delivers a cadence channel: SMS has its own, the rest go through WeCom.</summary>
    public static string OutboxChannel(string cadenceChannel) => cadenceChannel == CadenceChannels.Sms ? "sms" : "wecom";
}
