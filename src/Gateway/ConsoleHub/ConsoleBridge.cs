using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>Keeps this gateway registered with the cluster so that grains on any silo reach its consoles.</summary>
public sealed class ConsoleBridge(IGrainFactory grains, ConsoleObserver observer, ILogger<ConsoleBridge> logger) : BackgroundService
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    // Until a registration lands, pushes for this gateway's consoles are dropped (the registry is not persisted, so it
    // comes back empty when its silo dies). A failed one is retried soon, and no attempt waits long on a call that went
    // out through a silo connection that has just died.
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly string _gatewayId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IGatewayRegistryGrain>(0);
        var reference = grains.CreateObjectReference<IConsoleObserver>(observer);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = RenewEvery;
                try
                {
                    await registry.RegisterAsync(_gatewayId, reference).WaitAsync(AttemptTimeout, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Could not renew gateway registration {Gateway}; retrying in {Delay}", _gatewayId, RetryAfterFailure);
                    next = RetryAfterFailure;
                }
                await Task.Delay(next, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            try
            {
                await registry.UnregisterAsync(_gatewayId).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Unregistering gateway {Gateway} failed; its lease will lapse", _gatewayId);
            }
            grains.DeleteObjectReference<IConsoleObserver>(reference);
        }
    }
}
