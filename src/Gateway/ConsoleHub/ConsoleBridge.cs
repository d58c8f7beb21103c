using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>Keeps this gateway registered with the cluster so that grains on any silo reach its consoles.</summary>
public sealed class ConsoleBridge(IGrainFactory grains, ConsoleObserver observer, ILogger<ConsoleBridge> logger) : BackgroundService
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private readonly string _gatewayId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IGatewayRegistryGrain>(0);
        var reference = grains.CreateObjectReference<IConsoleObserver>(observer);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await registry.RegisterAsync(_gatewayId, reference);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Could not renew gateway registration {Gateway}", _gatewayId);
                }
                await Task.Delay(RenewEvery, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
