using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PrivateDomain.Postgres;

namespace PrivateDomain.Silo.Hosting;

/// <summary>
/// Brings the PostgreSQL schema up to date before anything uses it: as a hosted service registered ahead of the silo
/// (for services that start before it) and at the silo's first lifecycle stage (so Orleans' providers never read
/// OrleansQuery first, whatever order the host registered things in). Both go through the process-wide
/// <see cref="PostgresSchemaGate"/>, which the event store shares, so the scripts run once.
/// </summary>
internal sealed partial class PostgresSchemaInitializer(PostgresSchemaGate gate, ILogger<PostgresSchemaInitializer> logger)
    : IHostedService, ILifecycleParticipant<ISiloLifecycle>
{
    // A database that is still starting (compose, Kubernetes) is waited for this long, then start-up fails.
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => EnsureAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.First, EnsureAsync);

    private async Task EnsureAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + RetryFor;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await gate.EnsureAsync(ct);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
            {
                LogRetry(e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL not reachable for the schema update (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, int attempt);
}
