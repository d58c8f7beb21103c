using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Groups.Cadence;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>One chat group: members under a cap, messages, activity, alerts, and posts as its persona.</summary>
[ImplicitStreamSubscription(EventStreamNamespaces.Group)]
[GrainType(WakeUpKind)]
public sealed partial class GroupGrain(
    [PersistentState("group")] IPersistentState<GroupState> state,
    IEventLog log,
    IOutbox outbox,
    IWakeUpIndex wakeUps,
    TimeProvider time,
    ILogger<GroupGrain> logger)
    : EventStreamGrain<GroupState>(state, log, logger), IGroupGrain
{
    public const int MembersShown = 500;
    public const int MessagesShown = 20;
    /// <summary>The wake-up index kind: this grain's Orleans grain type (its default name, made explicit), which the dispatcher addresses.</summary>
    public const string WakeUpKind = "group";
    public const string WakeUpKey = "due";

    // Its effects (feed publishes, agent notifications) are idempotent at their receivers: run them before the write-behind.
    protected override bool EffectsAwaitWrite => false;

    protected override StreamKind Kind => StreamKind.Group;

    protected override IReadOnlyList<GrainEffect> Apply(EngineEvent e) => GroupProjection.Apply(S, e, Moderation);

    public Task<GroupView> GetAsync()
    {
        var now = time.GetUtcNow();
        var members = S.Members
            .OrderBy(m => m.Value.JoinedAt).Take(MembersShown)
            .Select(m => new GroupMember(m.Key, m.Value.JoinedAt, m.Value.Messages, m.Value.LastMessageAt, m.Value.Role))
            .ToList();
        return Task.FromResult(new GroupView(TenantId, EntityId, S.Name, S.OwnerPersonaId, S.SizeCap, S.Members.Count,
            members, GroupProjection.Activity(S, now), S.RecentMessages.Newest(MessagesShown), S.AppliedSequence,
            GroupProjection.Alerts(S, now)) with { Tags = S.Tags.ToList(), Checkins = CheckinViews(), Moderation = ModerationView() });
    }

    public Task<GroupSummary> GetSummaryAsync()
    {
        var now = time.GetUtcNow();
        var activity = GroupProjection.Activity(S, now);
        return Task.FromResult(new GroupSummary(EntityId, S.Name, S.OwnerPersonaId, S.Members.Count, S.SizeCap,
            activity.MessagesLast24h, activity.LastActivityAt, GroupProjection.Alerts(S, now).Count, S.AppliedSequence));
    }

    public async Task<GroupView> ConfigureAsync(GroupSettings settings)
    {
        S.Name = settings.Name;
        S.OwnerPersonaId = settings.OwnerPersonaId ?? S.OwnerPersonaId;
        S.SizeCap = settings.SizeCap;
        SetTags(settings.Tags);
        ConfigureWelcome(settings.WelcomeText);
        await PersistAsync();
        return await GetAsync();
    }

    public async Task<OutboxMessage> PostAsync(string personaId, string agentId, string text, string clientMessageId)
    {
        // One answer for "no such group" and "not your persona's", so group ids cannot be probed.
        if (S.OwnerPersonaId != personaId || !await Persona(personaId).IsOperatedByAsync(agentId))
            throw new AccessDeniedException($"Group {EntityId} is not a group of a persona agent {agentId} operates.");
        var message = await outbox.EnqueueAsync(new OutboxMessage($"group:{EntityId}:{clientMessageId}", TenantId, PersonaGrain.Channel,
            personaId, null, EntityId, agentId, "text", text, time.GetUtcNow(), OutboxStatus.Pending, null));
        var item = GroupProjection.RecordPost(S, message);
        RecordPost(GroupPostSources.Agent, message.DeliveryId, message.CreatedAt);
        await PersistAsync([GrainEffect.Publish(personaId, item)]);
        return message;
    }

    /// <summary>
    /// Reconciles with the clock: a silence that is dead now and not alerted yet is alerted once; an early wake (the
    /// group spoke since it was scheduled) or a doubled one alerts nothing.
    /// </summary>
    public async Task WakeAsync(string key, DateTimeOffset dueAt)
    {
        if (key == SopWakeUpKey)
        {
            await WakeSopAsync(dueAt);
            return;
        }
        if (key == WelcomeWakeUpKey)
        {
            await WelcomeDueAsync(dueAt);
            return;
        }
        var effects = GroupProjection.AlertIfDead(S, EntityId, time.GetUtcNow());
        if (key != WakeUpKey && effects.Count == 0) return;
        // The dispatcher deletes the entry it woke us for once this call succeeds, unless it was moved: a silence still
        // watched moves it to when that silence turns dead (a millisecond on if that is the same instant, which only a clock
        // behind the dispatcher's sees). Nothing watched: the entry is left to the dispatcher, so a failed write leaves
        // it to be taken again. Done on every wake of the key, not only when state names this due time, so the index
        // converges even after a write that failed between scheduling and persisting.
        if (key == WakeUpKey)
        {
            var next = GroupSilence.DeadAt(S);
            if (next is null) S.ScheduledWakeUpAt = null;
            else await ScheduleAsync(next == dueAt ? dueAt.AddMilliseconds(1) : next);
        }
        await PersistAsync(effects);
    }

    // The persona's group list learns of a new owner before the state that names it is written, so a group is never
    // owned without being listed; a crash in between only repeats an idempotent call. Likewise the wake-up.
    protected override async Task BeforeWriteAsync()
    {
        var owner = S.OwnerPersonaId;
        if (owner != S.ListedOwnerPersonaId)
        {
            if (owner is not null) await Groups(owner).SetAsync(EntityId, owned: true);
            if (S.ListedOwnerPersonaId is { } previous) await Groups(previous).SetAsync(EntityId, owned: false);
            S.ListedOwnerPersonaId = owner;
        }
        await RegisterInDirectoryAsync();
        await ReconcileSopWakeUpAsync();
        await ScheduleWelcomeAsync();
        // A wake-up exists while a silence is watched. Activity does not move it (its wake finds the group not yet dead
        // and moves it then), so a busy group costs the index a write per week, not one per message.
        var deadAt = GroupSilence.DeadAt(S);
        if ((deadAt is null) != (S.ScheduledWakeUpAt is null)) await ScheduleAsync(deadAt);
    }

    private async Task ScheduleAsync(DateTimeOffset? due)
    {
        if (due is { } at) await wakeUps.ScheduleAsync([new WakeUp(TenantId, WakeUpKind, EntityId, WakeUpKey, at)]);
        else await wakeUps.CancelAsync([new WakeUpKey(TenantId, WakeUpKind, EntityId, WakeUpKey)]);
        S.ScheduledWakeUpAt = due;
    }

    private IPersonaGrain Persona(string personaId) => GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(TenantId, personaId));

    private IPersonaGroupsGrain Groups(string personaId) => GrainFactory.GetGrain<IPersonaGroupsGrain>(TenantKey.Compose(TenantId, personaId));
}
