using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateDomain.Postgres.Hosting;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// At-least-once producers in a host of their own with its own PostgreSQL event log (registered as
/// <see cref="PostgresStoreExtensions.AddPostgresEventStore"/> registers it for a gateway): every batch is appended
/// until acknowledged, and resent with the same ids after a failure, a timeout or an acknowledgement it chose to
/// "lose" (a commit the producer never heard of, which the resend must report as duplicates).
/// </summary>
public sealed class RetryingAppender : IAsyncDisposable
{
    /// <summary>An append not answered within this is given up and resent.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;
    private int _ackedEvents;
    private int _accepted;
    private int _duplicates;
    private int _failedAttempts;
    private int _timeouts;
    private int _retriedBatches;
    private int _lostAcks;

    private RetryingAppender(IHost host) => _host = host;

    public IEventLog Log => _host.Services.GetRequiredService<IEventLog>();

    public int AckedEvents => Volatile.Read(ref _ackedEvents);

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Events the log reported as already logged: resends of a commit whose answer was lost or late.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Appends that failed or timed out, each followed by a resend.</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    public int Timeouts => Volatile.Read(ref _timeouts);

    /// <summary>Batches that needed more than one append.</summary>
    public int RetriedBatches => Volatile.Read(ref _retriedBatches);

    /// <summary>Acknowledgements dropped on purpose before the resend.</summary>
    public int LostAcks => Volatile.Read(ref _lostAcks);

    public static async Task<RetryingAppender> StartAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = connectionString });
        builder.Services.AddPostgresEventStore(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new RetryingAppender(host);
    }

    /// <summary>
    /// Appends every batch with <paramref name="producers"/> in flight until each is acknowledged. The first answer
    /// to batch i is dropped when <paramref name="loseAck"/>(i). <paramref name="onAcked"/> runs once per batch.
    /// </summary>
    public async Task AppendAllAsync(
        string tenant, IReadOnlyList<BurstBatch> batches, int producers, Func<int, bool> loseAck, Action<BurstBatch> onAcked, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                await AppendUntilAckedAsync(tenant, batches[i], loseAck(i), ct);
                onAcked(batches[i]);
            }
        }, ct)));
    }

    private async Task AppendUntilAckedAsync(string tenant, BurstBatch batch, bool loseFirstAck, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AttemptTimeout);
            try
            {
                var result = await Log.AppendAsync(tenant, batch.Events, timeout.Token);
                if (result.Outcome != AppendOutcome.Appended || result.Accepted + result.Duplicates != batch.Events.Count)
                    throw new InvalidOperationException($"{batch.Name}: {result}");
                if (attempt == 0 && loseFirstAck)
                {
                    Interlocked.Increment(ref _lostAcks);
                    continue;
                }
                Interlocked.Add(ref _accepted, result.Accepted);
                Interlocked.Add(ref _duplicates, result.Duplicates);
                Interlocked.Add(ref _ackedEvents, batch.Events.Count);
                if (attempt > 0) Interlocked.Increment(ref _retriedBatches);
                return;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _timeouts);
            }
            catch (EventLogOverloadedException overloaded)
            {
                await Task.Delay(overloaded.RetryAfter, ct);
            }
            catch (Exception ex) when (ex is not InvalidOperationException && !ct.IsCancellationRequested)
            {
                // The commit failed or its outcome is unknown: the resend tells.
            }
            Interlocked.Increment(ref _failedAttempts);
            await Task.Delay(TimeSpan.FromMilliseconds(50 * Math.Min(attempt + 1, 10)), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
    }
}
