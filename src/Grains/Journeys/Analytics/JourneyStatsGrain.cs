using Orleans.Concurrency;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Journeys.Analytics;

/// <summary>
/// One journey's analytics, as a silo-local front to <see cref="IJourneyStatsStore"/>: the counters and the
/// per-customer idempotency record live in the database, so no single activation serialises a journey's updates and
/// none holds a million customers' sequences. An update is acknowledged once committed, so the customer's effect runner
/// drops it only when it is durable; a redelivery or a replay (sequence not above the last counted) is acknowledged
/// without counting. Reentrant, so many customers' updates wait for one group commit together.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class JourneyStatsGrain(IJourneyStatsStore store) : Grain, IJourneyStatsGrain
{
    private string _tenantId = "";
    private string _journeyId = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _journeyId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<bool> ApplyAsync(JourneyStatsUpdate update) => store.ApplyAsync(_tenantId, _journeyId, update);

    public async Task<JourneyStatsView> GetAsync() =>
        JourneyStatsViews.From(_tenantId, _journeyId, await store.ReadAsync(_tenantId, _journeyId));
}
