using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>One chat group: members under a cap, messages, activity, alerts, and posts as its persona.</summary>
[ImplicitStreamSubscription(EventStreamNamespaces.Group)]
public sealed class GroupGrain(
    [PersistentState("group")] IPersistentState<GroupState> state,
    IEventLog log,
    IOutbox outbox,
    TimeProvider time,
    ILogger<GroupGrain> logger)
    : EventStreamGrain<GroupState>(state, log, logger), IGroupGrain
{
    public const int MembersShown = 500;
    public const int MessagesShown = 20;

    // Its effects (feed publishes, agent notifications) are idempotent at their receivers: run them before the write-behind.
    protected override bool EffectsAwaitWrite => false;

    protected override StreamKind Kind => StreamKind.Group;

    protected override IReadOnlyList<GrainEffect> Apply(EngineEvent e) => GroupProjection.Apply(S, e);

    public Task<GroupView> GetAsync()
    {
        var now = time.GetUtcNow();
        var members = S.Members
            .OrderBy(m => m.Value.JoinedAt).Take(MembersShown)
            .Select(m => new GroupMember(m.Key, m.Value.JoinedAt, m.Value.Messages, m.Value.LastMessageAt, m.Value.Role))
            .ToList();
        return Task.FromResult(new GroupView(TenantId, EntityId, S.Name, S.OwnerPersonaId, S.SizeCap, S.Members.Count,
            members, GroupProjection.Activity(S, now), S.RecentMessages.Newest(MessagesShown), S.AppliedSequence,
            GroupProjection.Alerts(S, now)));
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
        await PersistAsync([GrainEffect.Publish(personaId, item)]);
        return message;
    }

    // The persona's group list learns of a new owner before the state that names it is written, so a group is never
    // owned without being listed; a crash in between only repeats an idempotent call.
    protected override async Task BeforeWriteAsync()
    {
        var owner = S.OwnerPersonaId;
        if (owner == S.ListedOwnerPersonaId) return;
        if (owner is not null) await Groups(owner).SetAsync(EntityId, owned: true);
        if (S.ListedOwnerPersonaId is { } previous) await Groups(previous).SetAsync(EntityId, owned: false);
        S.ListedOwnerPersonaId = owner;
    }

    private IPersonaGrain Persona(string personaId) => GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(TenantId, personaId));

    private IPersonaGroupsGrain Groups(string personaId) => GrainFactory.GetGrain<IPersonaGroupsGrain>(TenantKey.Compose(TenantId, personaId));
}
