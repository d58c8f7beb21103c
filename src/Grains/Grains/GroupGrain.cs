using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>One chat group: members under a cap, messages, activity.</summary>
[ImplicitStreamSubscription(EventStreamNamespaces.Group)]
public sealed class GroupGrain(
    [PersistentState("group")] IPersistentState<GroupState> state,
    IEventLog log,
    TimeProvider time,
    ILogger<GroupGrain> logger)
    : EventStreamGrain<GroupState>(state, log, logger), IGroupGrain
{
    public const int MembersShown = 500;

    // Its effects (feed publishes, agent notifications) are idempotent at their receivers: run them before the write-behind.
    protected override bool EffectsAwaitWrite => false;

    protected override StreamKind Kind => StreamKind.Group;

    protected override IReadOnlyList<GrainEffect> Apply(EngineEvent e) => GroupProjection.Apply(S, e);

    public Task<GroupView> GetAsync()
    {
        var members = S.Members
            .OrderBy(m => m.Value.JoinedAt).Take(MembersShown)
            .Select(m => new GroupMember(m.Key, m.Value.JoinedAt, m.Value.Messages, m.Value.LastMessageAt))
            .ToList();
        return Task.FromResult(new GroupView(TenantId, EntityId, S.Name, S.OwnerPersonaId, S.SizeCap, S.Members.Count,
            members, GroupProjection.Activity(S, time.GetUtcNow()), S.RecentMessages.Newest(20), S.AppliedSequence));
    }

    public async Task<GroupView> ConfigureAsync(GroupSettings settings)
    {
        S.Name = settings.Name;
        S.OwnerPersonaId = settings.OwnerPersonaId ?? S.OwnerPersonaId;
        S.SizeCap = settings.SizeCap;
        await PersistAsync();
        return await GetAsync();
    }
}
