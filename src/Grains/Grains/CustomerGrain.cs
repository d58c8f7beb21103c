using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>One customer: applies its stream, runs its journeys and cadence, answers the 360, takes agents' tags.</summary>
[ImplicitStreamSubscription(EventStreamNamespaces.Customer)]
public sealed class CustomerGrain(
    [PersistentState("customer")] IPersistentState<CustomerState> state,
    IEventLog log,
    IWakeUpIndex wakeUps,
    JourneyDefinitionCache journeyDefinitions,
    CadencePolicyCache cadencePolicies,
    DisplayNameCache displayNames,
    ICustomerDirectory directory,
    TimeProvider time,
    ILogger<CustomerGrain> logger)
    : EventStreamGrain<CustomerState>(state, log, logger), ICustomerGrain
{
    public const int MaxTagLength = 64;
    /// <summary>The wake-up index kind: this grain's Orleans grain type, which the dispatcher addresses.</summary>
    public const string WakeUpKind = "customer";
    public const string WakeUpKey = "due";

    private IJourneyDefinitions? _definitions;
    private CadencePolicy? _cadence;
    private DisplayNames _names = DisplayNames.None;

    // Its effects (feed publishes, agent notifications, outbox messages) are idempotent at their receivers: run them before the write-behind.
    protected override bool EffectsAwaitWrite => false;

    protected override StreamKind Kind => StreamKind.Customer;

    protected override async Task BeforeApplyAsync(IReadOnlyList<LoggedEvent> events)
    {
        _definitions = await LoadDefinitionsAsync();
        _cadence = await cadencePolicies.ForTenantAsync(TenantId);
        // A customer.added event in the batch may set the owning persona. No journey can decide: no names needed.
        _names = _definitions.Enterable.Count == 0 && S.Journeys.Instances.IsEmpty ? DisplayNames.None
            : await LoadNamesAsync(events.Select(e => e.Event.PersonaId));
    }

    /// <summary>What a batch needed is let go between batches: an idle customer keeps no reference to it.</summary>
    protected override void AfterApply()
    {
        _definitions = null;
        _cadence = null;
        _names = DisplayNames.None;
    }

    /// <summary>
    /// The projection, then the journeys. Journeys decide with now = the event's OccurredAt (not the clock), so a
    /// replay of the log after a crash makes the same decisions, with the same effect ids, as the first pass.
    /// </summary>
    protected override IReadOnlyList<GrainEffect> Apply(EngineEvent e)
    {
        if (_definitions is null || _cadence is null) throw new InvalidOperationException("Journey definitions and the cadence policy are loaded before every apply.");
        // Nothing to enter, nothing running, no trigger marks to drop: the decision would be empty, so skip building the
        // facts (the projection does not touch the journeys, so this can be asked before it runs).
        var idle = _definitions.Enterable.Count == 0 && S.Journeys.Instances.IsEmpty && S.Journeys.Triggers.IsEmpty;
        // Only these event types change tags in the projection (CustomerProjection.Apply).
        var tagsBefore = !idle && e.Type is EventTypes.CustomerAdded or EventTypes.CustomerTagged ? S.Tags.ToArray() : null;
        var effects = CustomerProjection.Apply(S, e);
        if (idle) return effects;
        // The event itself first (goals, awaited events, event entries), then the tag edges it caused, named after it.
        var tags = tagsBefore is null ? null : TagsChanged.Between($"tags:{e.Id}", tagsBefore, S.Tags);
        JourneyCommand[] commands = tags?.Concerns(_definitions) == true ? [new EventArrived(e.Id, e), tags] : [new EventArrived(e.Id, e)];
        var journeys = CustomerJourneyRunner.Run(S, TenantId, EntityId, commands, _definitions, e.OccurredAt, _cadence, _names);
        return journeys.Count == 0 ? effects : [.. effects, .. journeys];
    }

    /// <summary>
    /// Reconciles with the clock: whatever is due now (waits, trigger occurrences, deferred touches) runs; early or
    /// doubled wakes do nothing. Any key evaluates (e.g. a publish sweep's <c>triggers:{journey}:{version}</c>);
    /// only the <see cref="WakeUpKey"/> entry is the one <see cref="CustomerState.ScheduledWakeUpAt"/> tracks.
    /// </summary>
    public async Task WakeAsync(string key, DateTimeOffset dueAt)
    {
        var now = time.GetUtcNow();
        // A trigger sweep's wake-up names the journey version just published: the silo's cache must know it already.
        var definitions = await LoadDefinitionsAsync(Journeys.Catalog.JourneyTriggerWakeUps.FromKey(key));
        var cadence = await cadencePolicies.ForTenantAsync(TenantId);
        var names = await LoadNamesAsync();
        var effects = CustomerJourneyRunner.Run(S, TenantId, EntityId, new Journeys.Runtime.WakeUp($"wake:{now.UtcTicks}", dueAt), definitions, now, cadence, names).ToList();
        effects.AddRange(CustomerJourneyRunner.ReleaseDue(S, TenantId, EntityId, now, cadence));
        // The dispatcher deletes the entry it woken us for unless it was moved: still due then, move it a tick on.
        if (key == WakeUpKey && S.NextDueAt == dueAt && S.ScheduledWakeUpAt == dueAt) await ScheduleAsync(dueAt.AddTicks(1));
        await PersistAsync(effects);
    }

    protected override async Task BeforeWriteAsync()
    {
        if (S.NextDueAt != S.ScheduledWakeUpAt) await ScheduleAsync(S.NextDueAt);
        await UpsertDirectoryAsync();
    }

    // Before the write that records the marker: a crash in between only repeats an idempotent upsert (last wins). An
    // unchanged customer (the marker matches) costs nothing; concurrent grains' upserts share the store's batched commit.
    private async Task UpsertDirectoryAsync()
    {
        var marker = CustomerDirectoryEntries.Marker(S);
        if (marker == S.DirectoryMarker) return;
        await directory.UpsertAsync([CustomerDirectoryEntries.Entry(S, TenantId, EntityId)]);
        S.DirectoryMarker = marker;
    }

    private async Task ScheduleAsync(DateTimeOffset? due)
    {
        if (due is { } at) await wakeUps.ScheduleAsync([new Storage.WakeUp(TenantId, WakeUpKind, EntityId, WakeUpKey, at)]);
        else await wakeUps.CancelAsync([new WakeUpKey(TenantId, WakeUpKind, EntityId, WakeUpKey)]);
        S.ScheduledWakeUpAt = due;
    }

    /// <summary>The owners' display names for templates (a replay may see a newer name; delivery ids do not change).</summary>
    private ValueTask<DisplayNames> LoadNamesAsync(IEnumerable<string?>? personaIds = null) =>
        displayNames.ForTenantAsync(TenantId, personaIds is null ? [S.OwnerPersonaId] : personaIds.Prepend(S.OwnerPersonaId), [S.OwnerAgentId]);

    private Task<IJourneyDefinitions> LoadDefinitionsAsync((string JourneyId, int Version)? expected = null) =>
        journeyDefinitions.ForTenantAsync(TenantId, S.Journeys.Instances.Select(i => (i.JourneyId, i.Version)), expected);

    public Task<CustomerView> GetAsync() => Task.FromResult(CustomerViews.From(S, TenantId, EntityId, time.GetUtcNow()));

    public async Task<CustomerView> TagAsync(string tag, string agentId, bool remove = false)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > MaxTagLength)
            throw new ArgumentException($"A tag is 1–{MaxTagLength} characters.", nameof(tag));
        var changed = remove ? S.Tags.Contains(tag) : !S.Tags.Contains(tag);
        if (!changed) return await GetAsync();
        // Loaded before the tag changes, so no await sits between the change and the journeys deciding on it.
        var definitions = await LoadDefinitionsAsync();
        var cadence = await cadencePolicies.ForTenantAsync(TenantId);
        var names = await LoadNamesAsync();
        if (remove) S.Tags.Remove(tag);
        else S.Tags.Add(tag);
        var now = time.GetUtcNow();
        var summary = $"{(remove ? "Untagged" : "Tagged")} {tag} by {agentId}";
        S.Timeline.AddBounded(new TimelineEntry(now, EventTypes.CustomerTagged, summary, null), CustomerProjection.TimelineMax);
        // A fresh id per action lets the feed drop a replay of this effect after a crash.
        var actionId = $"tag:{Guid.NewGuid():N}";
        var effects = new List<GrainEffect>();
        if (S.OwnerPersonaId is { } persona)
            effects.Add(GrainEffect.Publish(persona, new ConsoleItem(0, ConsoleItemKinds.CustomerUpdated, now, EntityId, null, persona, agentId, summary, actionId)));
        // A command, decided with the clock; the tag is now (not) there, so repeating the call changes nothing.
        var edge = new TagsChanged(actionId, remove ? [] : [tag], remove ? [tag] : []);
        if (edge.Concerns(definitions)) effects.AddRange(CustomerJourneyRunner.Run(S, TenantId, EntityId, edge, definitions, now, cadence, names));
        await PersistAsync(effects);
        return await GetAsync();
    }

    public async Task<TouchAnswer> RequestTouchAsync(TouchRequest request)
    {
        TouchRequests.ThrowIfInvalid(request);
        var cadence = await cadencePolicies.ForTenantAsync(TenantId);
        var effects = new List<GrainEffect>();
        var answer = CustomerTouches.Request(S, TenantId, EntityId, request, cadence, time.GetUtcNow(), effects);
        // A repeat answers from state and changes nothing; a decision is durable (and its wake-up scheduled) before it is answered.
        if (!answer.Repeated) await PersistAsync(effects);
        return answer;
    }

    public async Task SetOwnerAsync(string personaId, string? agentId)
    {
        if (S.OwnerPersonaId == personaId && S.OwnerAgentId == agentId) return;
        S.OwnerPersonaId = SharedStrings.Share(personaId);
        S.OwnerAgentId = SharedStrings.ShareOrNull(agentId);
        await PersistAsync();
    }

    public async Task RecordOutcomeAsync(CustomerOutcome outcome)
    {
        CustomerOutcomes.ThrowIfInvalid(outcome);
        // A repeat (a replayed effect, a retried failure report) finds its id on the timeline and writes nothing.
        if (CustomerOutcomes.Record(S, EntityId, outcome) is { } effects) await PersistAsync(effects);
    }
}
