using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>One customer: applies its stream, answers the 360, takes agents' tags.</summary>
[ImplicitStreamSubscription(EventStreamNamespaces.Customer)]
public sealed class CustomerGrain(
    [PersistentState("customer")] IPersistentState<CustomerState> state,
    IEventLog log,
    TimeProvider time,
    ILogger<CustomerGrain> logger)
    : EventStreamGrain<CustomerState>(state, log, logger), ICustomerGrain
{
    public const int MaxTagLength = 64;

    // Its effects (feed publishes, agent notifications) are idempotent at their receivers: run them before the write-behind.
    protected override bool EffectsAwaitWrite => false;

    protected override StreamKind Kind => StreamKind.Customer;

    protected override IReadOnlyList<GrainEffect> Apply(EngineEvent e) => CustomerProjection.Apply(S, e);

    public Task<CustomerView> GetAsync() => Task.FromResult(CustomerViews.From(S, TenantId, EntityId, time.GetUtcNow()));

    public async Task<CustomerView> TagAsync(string tag, string agentId, bool remove = false)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > MaxTagLength)
            throw new ArgumentException($"A tag is 1–{MaxTagLength} characters.", nameof(tag));
        var changed = remove ? S.Tags.Remove(tag) : !S.Tags.Contains(tag);
        if (!changed) return await GetAsync();
        if (!remove) S.Tags.Add(tag);
        var now = time.GetUtcNow();
        var summary = $"{(remove ? "Untagged" : "Tagged")} {tag} by {agentId}";
        S.Timeline.AddBounded(new TimelineEntry(now, EventTypes.CustomerTagged, summary, null), CustomerProjection.TimelineMax);
        // A fresh id per action lets the feed drop a replay of this effect after a crash.
        var actionId = $"tag:{Guid.NewGuid():N}";
        var effects = S.OwnerPersonaId is { } persona
            ? [GrainEffect.Publish(persona, new ConsoleItem(0, ConsoleItemKinds.CustomerUpdated, now, EntityId, null, persona, agentId, summary, actionId))]
            : Array.Empty<GrainEffect>();
        await PersistAsync(effects);
        return await GetAsync();
    }

    public async Task SetOwnerAsync(string personaId, string? agentId)
    {
        if (S.OwnerPersonaId == personaId && S.OwnerAgentId == agentId) return;
        S.OwnerPersonaId = personaId;
        S.OwnerAgentId = agentId;
        await PersistAsync();
    }
}
