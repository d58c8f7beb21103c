using Microsoft.Extensions.Diagnostics.HealthChecks;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Gateway.Health;

/// <summary>Ready when a grain answers (the silo is up) and the event log answers (storage is open).</summary>
public sealed class EngineReadyCheck(IGrainFactory grains, IEventLog log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await grains.GetGrain<IGatewayRegistryGrain>(0).GetObserversAsync().WaitAsync(timeout.Token);
            await log.ReadCheckpointAsync("health", timeout.Token);
            return HealthCheckResult.Healthy($"Silo and storage ready; log head {log.LastSequence}.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The silo or storage is not ready.", ex);
        }
    }
}
