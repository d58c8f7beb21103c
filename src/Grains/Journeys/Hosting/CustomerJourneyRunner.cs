using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Journeys.Analytics;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>
/// Runs journey commands against one customer's state: decide → evolve → carry out each effect (tags and properties
/// here, messages through the cadence ledger) → hand back what other grains and the outbox must do. Deterministic in
/// (state, command, definitions, now), so a replay of the log repeats the same decisions with the same effect ids,
/// and every receiver (outbox by delivery id, feeds by event id, journey stats by the customer's update sequence)
/// drops the repeats. Each call ends with one journey-stats effect per journey it touched (<see cref="JourneyStatsBatch"/>).
/// </summary>
public static class CustomerJourneyRunner
{
    public const string Channel = "wecom";
    public const string TimeZoneProperty = CustomerTouches.TimeZoneProperty;
    /// <summary>start_journey chains one decision may follow (the validator forbids cycles; this is the backstop).</summary>
    private const int MaxCommands = 16;

    public static IReadOnlyList<GrainEffect> Run(
        CustomerState s, string tenantId, string customerId, JourneyCommand command, IJourneyDefinitions definitions, DateTimeOffset now,
        CadencePolicy cadence, DisplayNames? names = null) =>
        Run(s, tenantId, customerId, [command], definitions, now, cadence, names);

    /// <summary>
    /// Runs <paramref name="initial"/> in order, then whatever their effects start: a start_journey effect becomes a
    /// <see cref="StartJourney"/>, an add_tag/remove_tag effect that changed the tags a <see cref="TagsChanged"/>
    /// (both with the effect id as command id, so a replay decides the same). Messages go through the ledger under <paramref name="cadence"/>,
    /// the tenant's policy. <paramref name="names"/> fills <c>{{persona.name}}</c> and <c>{{agent.name}}</c> (null: blank).
    /// </summary>
    public static IReadOnlyList<GrainEffect> Run(
        CustomerState s, string tenantId, string customerId, IEnumerable<JourneyCommand> initial, IJourneyDefinitions definitions, DateTimeOffset now,
        CadencePolicy cadence, DisplayNames? names = null)
    {
        var effects = new List<GrainEffect>();
        var stats = new JourneyStatsBatch();
        var commands = new Queue<JourneyCommand>(initial);
        for (var i = 0; i < MaxCommands && commands.TryDequeue(out var next); i++)
        {
            var decision = JourneyDecider.Decide(s.Journeys, next, Facts(s, customerId, now, cadence, names), definitions, now);
            foreach (var e in decision.Events)
            {
                stats.Observe(s.Journeys, e);
                s.Journeys = JourneyDecider.Evolve(s.Journeys, e);
                Record(s, e);
            }
            foreach (var effect in decision.Effects) Carry(s, tenantId, customerId, effect, now, effects, commands, stats, definitions, cadence);
        }
        effects.AddRange(stats.Effects(s, customerId));
        return effects;
    }

    /// <summary>
    /// Re-decides the deferred touches due at <paramref name="now"/>, journeys' and touch requests' alike (one ledger
    /// queue, one wake-up); those let through go to the outbox.
    /// </summary>
    public static IReadOnlyList<GrainEffect> ReleaseDue(CustomerState s, string tenantId, string customerId, DateTimeOffset now, CadencePolicy cadence)
    {
        var effects = new List<GrainEffect>();
        var stats = new JourneyStatsBatch();
        foreach (var touch in CadenceLedger.DueDeferred(s.Cadence, now))
        {
            if (s.DeferredMessages.TryGetValue(touch.Id, out var message))
                Decide(s, tenantId, customerId, touch, message, now, effects, stats, cadence);
            else if (s.DeferredTouchMessages.TryGetValue(touch.Id, out var requested))
                CustomerTouches.Release(s, tenantId, customerId, touch, requested, cadence, now, effects);
            else
                CadenceLedger.Record(s.Cadence, touch, new CadenceDecision(touch.Id, CadenceOutcome.Drop, CadenceReasons.MaxDeferralExceeded,
                    "Dropped: the deferred message is no longer known.", now), cadence);
        }
        effects.AddRange(stats.Effects(s, customerId));
        return effects;
    }

    private static void Carry(CustomerState s, string tenantId, string customerId, JourneyEffect effect, DateTimeOffset now,
        List<GrainEffect> effects, Queue<JourneyCommand> commands, JourneyStatsBatch stats, IJourneyDefinitions definitions, CadencePolicy cadence)
    {
        switch (effect)
        {
            case SendMessageEffect m:
                var touch = new Touch(m.EffectId, TouchSource.Journey(m.JourneyId, m.StepId), CadenceChannels.WeComDirect,
                    m.Class == MessageClass.Service ? TouchClass.Service : TouchClass.Marketing, IsMass: false, m.At);
                Decide(s, tenantId, customerId, touch, m, now, effects, stats, cadence);
                break;
            case AddTagEffect t when !s.Tags.Contains(t.Tag):
                s.Tags.Add(t.Tag);
                Timeline(s, effect, JourneyTimelineKinds.Action, $"Tagged {t.Tag} by journey {t.JourneyId}");
                Enqueue(commands, new TagsChanged(t.EffectId, [t.Tag], []), definitions);
                break;
            case RemoveTagEffect t when s.Tags.Remove(t.Tag):
                Timeline(s, effect, JourneyTimelineKinds.Action, $"Untagged {t.Tag} by journey {t.JourneyId}");
                Enqueue(commands, new TagsChanged(t.EffectId, [], [t.Tag]), definitions);
                break;
            case SetPropertyEffect p:
                s.Properties[p.Property] = p.Value;
                Timeline(s, effect, JourneyTimelineKinds.Action, $"Set {p.Property} = {Text.Clip(p.Value, 80)} by journey {p.JourneyId}");
                break;
            case CreateTaskEffect t:
                ToOwner(s, customerId, effect, JourneyConsoleKinds.Task,
                    $"Task: {t.Title} (due {t.DueAt.UtcDateTime:yyyy-MM-dd HH:mm}Z)" + (t.Note is null ? "" : $" — {t.Note}"), effects);
                break;
            case NotifyAgentEffect n:
                ToOwner(s, customerId, effect, JourneyConsoleKinds.Notification, n.Body is null ? n.Title : $"{n.Title} — {n.Body}", effects);
                break;
            case StartJourneyEffect j:
                commands.Enqueue(new StartJourney(j.EffectId, j.TargetJourneyId, $"started by journey {j.JourneyId}"));
                break;
            // Queued, not sent: the webhook channel signs and posts it (with retries) and records the outcome in the outbox.
            case WebhookEffect w:
                effects.Add(GrainEffect.Enqueue(WebhookPayload.Message(tenantId, customerId, s.OwnerPersonaId, w,
                    s.Journeys.Instance(w.InstanceId)?.EntryData, now)));
                Timeline(s, effect, JourneyTimelineKinds.Action, $"Webhook to {Host(w.Url)} queued by journey {w.JourneyId}");
                break;
            // The pool picks the group, reserves the seat and sends the invitation through the persona (idempotent per customer and effect id).
            case AddToGroupEffect g when s.OwnerPersonaId is { } persona:
                effects.Add(GrainEffect.RouteToPool(g.PoolId, new PoolRouteRequest(g.EffectId, customerId, s.Tags.ToList(), persona, s.OwnerAgentId, g.At)));
                Timeline(s, effect, JourneyTimelineKinds.Action, $"Sent to group pool {g.PoolId} by journey {g.JourneyId}");
                break;
            case AddToGroupEffect g:
                Timeline(s, effect, JourneyTimelineKinds.Pending, $"Not added to a group of pool {g.PoolId}: the customer has no persona to invite them");
                break;
        }
    }

    private static void Enqueue(Queue<JourneyCommand> commands, TagsChanged change, IJourneyDefinitions definitions)
    {
        if (change.Concerns(definitions)) commands.Enqueue(change);
    }

    private static void Decide(CustomerState s, string tenantId, string customerId, Touch touch, SendMessageEffect m, DateTimeOffset now,
        List<GrainEffect> effects, JourneyStatsBatch stats, CadencePolicy cadence)
    {
        if ((m.PersonaId ?? s.OwnerPersonaId) is not { } persona)
        {
            s.DeferredMessages.Remove(touch.Id);
            Timeline(s, m, JourneyTimelineKinds.Pending, $"Message from journey {m.JourneyId} not sent: the customer has no persona");
            return;
        }
        var decision = CustomerTouches.Decide(s, touch, cadence, now, $"{m.JourneyId}/{m.StepId}", () => new OutboxMessage(m.EffectId, tenantId,
            Channel, persona, customerId, null, s.OwnerAgentId, m.Kind.ToString().ToLowerInvariant(), Body(m), now, OutboxStatus.Pending, null), effects);
        if (decision is null) return;
        stats.Cadence(s.Journeys, m, decision);
        if (decision.Outcome == CadenceOutcome.Defer) s.DeferredMessages[touch.Id] = m;
        else s.DeferredMessages.Remove(touch.Id);
    }

    private static void ToOwner(CustomerState s, string customerId, JourneyEffect effect, string kind, string text, List<GrainEffect> effects)
    {
        var item = new ConsoleItem(0, kind, effect.At, customerId, null, s.OwnerPersonaId, s.OwnerAgentId, Text.Clip(text, 2000), effect.EffectId);
        if (s.OwnerAgentId is { } agent) effects.Add(GrainEffect.Notify(agent, item));
        else if (s.OwnerPersonaId is { } persona) effects.Add(GrainEffect.Publish(persona, item));
        else
        {
            Timeline(s, effect, JourneyTimelineKinds.Pending, $"Not delivered (the customer has no owner): {text}");
            return;
        }
        Timeline(s, effect, JourneyTimelineKinds.Action, text);
    }

    private static void Record(CustomerState s, JourneyEvent e)
    {
        var (at, summary) = e switch
        {
            JourneyEntered x => (x.At, $"Entered journey {x.JourneyId} v{x.Version} ({x.Reason})"),
            JourneyConverted x => (x.At, $"Converted in journey {x.JourneyId} v{x.Version}"),
            JourneyExited x => (x.At, $"Left journey {x.JourneyId} at {x.StepId}: {x.Reason}" + (x.Detail is null ? "" : $" ({x.Detail})")),
            _ => (default(DateTimeOffset), (string?)null),
        };
        if (summary is not null)
            s.Timeline.AddBounded(new TimelineEntry(at, JourneyTimelineKinds.Journey, SharedStrings.Share(summary), null), CustomerProjection.TimelineMax);
    }

    private static void Timeline(CustomerState s, JourneyEffect effect, string kind, string summary) =>
        s.Timeline.AddBounded(new TimelineEntry(effect.At, kind, summary, effect.EffectId), CustomerProjection.TimelineMax);

    private static string Body(SendMessageEffect m) => m.Kind switch
    {
        MessageKind.Link => Lines(m.Text, m.Title, m.Url),
        MessageKind.Image => Lines(m.Text, m.MediaUrl),
        MessageKind.Material => Lines(m.Text, m.MaterialId is null ? null : $"[material {m.MaterialId}]"),
        MessageKind.Miniprogram => Lines(m.Text, m.Title, $"[mini-program {m.AppId} {m.Page}]"),
        _ => m.Text ?? "",
    };

    private static string Lines(params string?[] parts) => string.Join('\n', parts.Where(t => !string.IsNullOrEmpty(t)));

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "an invalid URL";

    private static JourneyFacts Facts(CustomerState s, string customerId, DateTimeOffset now, CadencePolicy cadence, DisplayNames? names)
    {
        var rfm = RfmCalculator.Compute(s.PurchaseCount, s.PurchaseTotal, s.LastPurchaseAt, now);
        return new JourneyFacts
        {
            CustomerId = customerId,
            CustomerName = s.Properties.GetValueOrDefault("name"),
            Tags = s.Tags.ToList(),
            Properties = new Dictionary<string, string>(s.Properties, StringComparer.Ordinal),
            RfmSegment = rfm.Segment,
            R = rfm.RecencyScore,
            F = rfm.FrequencyScore,
            M = rfm.MonetaryScore,
            Lifecycle = Lifecycle.Stage(s.Known, s.RemovedAt is not null, s.PurchaseCount, s.LastActiveAt, now),
            TimeZoneId = s.Properties.GetValueOrDefault(TimeZoneProperty),
            DefaultTimeZoneId = cadence.DefaultTimeZoneId,
            Activity = new CustomerActivity(s.Known, s.RemovedAt is not null, s.PurchaseCount, s.PurchaseTotal, s.LastPurchaseAt, s.LastActiveAt),
            PersonaId = s.OwnerPersonaId,
            PersonaName = names?.Persona(s.OwnerPersonaId),
            AgentName = names?.Agent(s.OwnerAgentId),
        };
    }
}
