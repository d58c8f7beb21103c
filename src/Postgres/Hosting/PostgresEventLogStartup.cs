using Microsoft.Extensions.Hosting;
using PrivateDomain.Postgres.EventLog;

namespace PrivateDomain.Postgres.Hosting;

/// <summary>Holds the host's start until the event log has applied the schema and read its head.</summary>
internal sealed class PostgresEventLogStartup(PostgresEventLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => log.Ready.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
