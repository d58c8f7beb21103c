using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres;

/// <summary>
/// Cluster mode's lease: a session-level advisory lock held on a dedicated, unpooled connection. The lock ends
/// with the session, so a killed holder's lease passes to a waiting process as soon as PostgreSQL notices the
/// closed socket; a heartbeat on the holder's connection reports the loss to the holder.
/// </summary>
public sealed class PgAdvisoryLease : ILeaderLease, IDisposable
{
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PgAdvisoryLease> _logger;

    public PgAdvisoryLease(IOptions<PostgresOptions> options, ILogger<PgAdvisoryLease> logger)
    {
        // Unpooled: closing the connection must end the session, and with it the lock.
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Pooling = false }.ConnectionString);
        _logger = logger;
    }

    public async Task<LeaseHandle> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var key = Key(name);
        while (true)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    _logger.LogInformation("Holding lease {Lease}", name);
                    return Hold(name, connection);
                }
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            await connection.DisposeAsync().ConfigureAwait(false);
            await Task.Delay(RetryEvery, cancellationToken).ConfigureAwait(false);
        }
    }

    private LeaseHandle Hold(string name, NpgsqlConnection connection)
    {
        var lost = new CancellationTokenSource();
        var released = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            try
            {
                while (!released.IsCancellationRequested)
                {
                    await Task.Delay(HeartbeatEvery, released.Token).ConfigureAwait(false);
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(released.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (released.IsCancellationRequested)
            {
                // Released by its holder.
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Lost lease {Lease}", name);
                await lost.CancelAsync().ConfigureAwait(false);
            }
        });
        return new LeaseHandle(lost.Token, async () =>
        {
            await released.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            released.Dispose();
            lost.Dispose();
        });
    }

    /// <summary>A stable 64-bit lock key per lease name.</summary>
    internal static long Key(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("pd-lease:" + name)), 0);

    public void Dispose() => _dataSource.Dispose();
}
