using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>
/// Carries a <see cref="GrainEffect"/> to the grain it names. Feed items to a persona are not carried here:
/// <c>EventStreamGrain</c> joins runs of them into one <see cref="PersonaFeedPublisher"/> call. Outbox messages go
/// straight to the silo's <see cref="IOutbox"/> when it has one (no grain hop: the outbox is idempotent by delivery id
/// and its writer commits concurrent enqueues together), else through the silo-local <see cref="IOutboxWriterGrain"/>.
/// </summary>
public static class EffectRunner
{
    public static Task RunAsync(IGrainFactory grains, IOutbox? outbox, string tenantId, GrainEffect effect) => effect.Kind switch
    {
        EffectKind.EnqueueOutbox when outbox is not null => outbox.EnqueueAsync(effect.Message!),
        EffectKind.NotifyAgent => grains.GetGrain<IAgentGrain>(TenantKey.Compose(tenantId, effect.TargetId)).NotifyAsync(effect.Item!),
        EffectKind.SetCustomerOwner => grains.GetGrain<ICustomerGrain>(TenantKey.Compose(tenantId, effect.TargetId)).SetOwnerAsync(effect.PersonaId!, effect.AgentId),
        EffectKind.EnqueueOutbox => grains.GetGrain<IOutboxWriterGrain>(0).EnqueueAsync(effect.Message!),
        EffectKind.JourneyStats => grains.GetGrain<IJourneyStatsGrain>(TenantKey.Compose(tenantId, effect.TargetId)).ApplyAsync(effect.Stats!),
        EffectKind.CampaignOutcome => grains.GetGrain<ICampaignOutcomeWriterGrain>(0).RecordAsync(tenantId, effect.Outcome!),
        EffectKind.RouteToGroupPool => grains.GetGrain<ILiveCodePoolGrain>(TenantKey.Compose(tenantId, effect.TargetId)).RouteAsync(effect.PoolRequest!),
        _ => throw new InvalidOperationException($"Unknown effect {effect.Kind}."),
    };
}
