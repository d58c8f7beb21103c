using Microsoft.Extensions.Logging;
using Npgsql;

namespace PrivateDomain.Postgres;

/// <summary>
/// Keeps one connection LISTENing on a channel and hands every notification's payload to a callback. Between
/// notifications, and after every (re)connect, it runs a check on that connection as a safety net for
/// anything it could have missed (a lost connection, a writer that did not notify). Reconnects on failure.
/// </summary>
internal sealed class PgListener : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly TimeSpan _checkInterval;
    private readonly Action<string> _onNotification;
    private readonly Func<NpgsqlConnection, CancellationToken, Task> _check;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;
    private int _disposed;

    /// <param name="channel">A fixed identifier, never input.</param>
    public PgListener(
        NpgsqlDataSource dataSource,
        string channel,
        TimeSpan checkInterval,
        Action<string> onNotification,
        Func<NpgsqlConnection, CancellationToken, Task> check,
        ILogger logger)
    {
        _dataSource = dataSource;
        _channel = channel;
        _checkInterval = checkInterval;
        _onNotification = onNotification;
        _check = check;
        _logger = logger;
    }

    /// <summary>Completes once the first LISTEN is in place and its first check has run.</summary>
    public Task Listening => _listening.Task;

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) => _onNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {_channel}", connection))
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await _check(connection, cancellationToken).ConfigureAwait(false);
                _listening.TrySetResult();
                while (true)
                {
                    if (!await connection.WaitAsync(_checkInterval, cancellationToken).ConfigureAwait(false))
                        await _check(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                PostgresLog.ListenerFailed(_logger, ex, _channel, RetryDelay);
                PostgresTelemetry.ListenerReconnects.Add(1);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _listening.TrySetCanceled();
        _stop.Dispose();
    }
}
