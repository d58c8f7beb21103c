using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.State;

/// <summary>What an applied event asks of other grains. Persisted with the state that caused it and run after the write.</summary>
public enum EffectKind
{
    PublishToPersona = 0,
    NotifyAgent = 1,
    SetCustomerOwner = 2,
    /// <summary>Put <see cref="GrainEffect.Message"/> in the outbox (idempotent by its delivery id).</summary>
    EnqueueOutbox = 3,
    /// <summary>Count <see cref="GrainEffect.Stats"/> in the journey stats grain <see cref="GrainEffect.TargetId"/> (idempotent by customer sequence).</summary>
    JourneyStats = 4,
    /// <summary>Ask the live-code pool <see cref="GrainEffect.TargetId"/> for a group seat (<see cref="GrainEffect.PoolRequest"/>; idempotent per customer and cause).</summary>
    RouteToGroupPool = 5,
    /// <summary>Record <see cref="GrainEffect.Outcome"/> in the campaign store (idempotent by delivery id and signal, or by order id).</summary>
    CampaignOutcome = 6,
}

/// <summary>
/// A pending effect. Receivers are idempotent (feeds dedupe by event id and kind), so an effect replayed
/// after a crash between the state write and its completion does no harm.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.GrainEffect")]
public sealed record GrainEffect(
    [property: Id(0)] EffectKind Kind,
    [property: Id(1)] string TargetId,
    [property: Id(2)] ConsoleItem? Item,
    [property: Id(3)] string? PersonaId = null,
    [property: Id(4)] string? AgentId = null,
    [property: Id(5)] OutboxMessage? Message = null,
    [property: Id(6)] JourneyStatsUpdate? Stats = null,
    [property: Id(7)] PoolRouteRequest? PoolRequest = null,
    [property: Id(8)] CampaignOutcome? Outcome = null)
{
    public static GrainEffect Publish(string personaId, ConsoleItem item) => new(EffectKind.PublishToPersona, personaId, item);

    public static GrainEffect Notify(string agentId, ConsoleItem item) => new(EffectKind.NotifyAgent, agentId, item);

    public static GrainEffect SetOwner(string customerId, string personaId, string? agentId) =>
        new(EffectKind.SetCustomerOwner, customerId, null, personaId, agentId);

    public static GrainEffect JourneyStats(string journeyId, JourneyStatsUpdate update) =>
        new(EffectKind.JourneyStats, journeyId, null, Stats: update);

    public static GrainEffect RouteToPool(string poolId, PoolRouteRequest request) =>
        new(EffectKind.RouteToGroupPool, poolId, null, PoolRequest: request);

    public static GrainEffect Campaign(CampaignOutcome outcome) =>
        new(EffectKind.CampaignOutcome, outcome.DeliveryId ?? outcome.OrderId ?? outcome.CustomerId, null, Outcome: outcome);

    public static GrainEffect Enqueue(OutboxMessage message) => new(EffectKind.EnqueueOutbox, message.DeliveryId, null, Message: message);
}
