using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Journeys.Analytics;

/// <summary>
/// One journey's analytics. Every update is written through before it is acknowledged, so the customer's effect
/// runner drops it only once it is durable here; a redelivery or a replay (same customer, sequence not above the last
/// applied) is acknowledged without counting.
/// </summary>
public sealed class JourneyStatsGrain(
    [PersistentState("journeyStats")] IPersistentState<JourneyStatsState> state,
    TimeProvider time,
    ILogger<JourneyStatsGrain> logger)
    : Grain, IJourneyStatsGrain
{
    private string _tenantId = "";
    private string _journeyId = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _journeyId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<bool> ApplyAsync(JourneyStatsUpdate update)
    {
        if (!JourneyStatsCounting.Apply(state.State, update, time.GetUtcNow())) return false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // Memory is ahead of storage: reload it (or the activation), and fail the call so the sender retries it.
            logger.LogWarning(ex, "Journey stats write failed for {Key}; reloading", this.GetPrimaryKeyString());
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                DeactivateOnIdle();
            }
            throw;
        }
        return true;
    }

    public Task<JourneyStatsView> GetAsync() => Task.FromResult(JourneyStatsCounting.View(_tenantId, _journeyId, state.State));
}
