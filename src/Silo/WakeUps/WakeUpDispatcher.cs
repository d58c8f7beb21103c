using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.WakeUps;

/// <summary>How due wake-ups are taken and delivered. Section "WakeUps".</summary>
public sealed class WakeUpOptions
{
    public const string SectionName = "WakeUps";

    /// <summary>Wake-ups taken per claim.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1_000;

    /// <summary>How long a claim holds its entries; a silo that dies mid-batch leaves them to be taken again after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest the loop sleeps before looking again (new wake-ups may have been scheduled sooner).</summary>
    public TimeSpan MaxIdle { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Grain calls in flight at once.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentWakes { get; set; } = 128;
}

/// <summary>Who is woken: the grain of the wake-up's kind and key.</summary>
public interface IWakeUpTargets
{
    Task WakeAsync(WakeUp wakeUp);
}

/// <summary>Wakes grains through <see cref="IWakeUpTarget"/>, addressing them by grain type (the wake-up's kind).</summary>
public sealed class GrainWakeUpTargets(IGrainFactory grains) : IWakeUpTargets
{
    public Task WakeAsync(WakeUp wakeUp) =>
        grains.GetGrain<IWakeUpTarget>(GrainId.Create(wakeUp.Kind, TenantKey.Compose(wakeUp.TenantId, wakeUp.EntityId)))
            .WakeAsync(wakeUp.Key, wakeUp.DueAt);
}

/// <summary>
/// Takes due entries from the durable wake-up index and wakes their grains; an entry is completed (deleted) only
/// after its grain took the call, so a failed or unfinished wake is taken again when its lease ends. Every silo
/// runs one: the index hands each entry to one live claim (PostgreSQL: SKIP LOCKED), so silos share the work.
/// </summary>
public sealed class WakeUpDispatcher(
    IWakeUpIndex index,
    IWakeUpTargets targets,
    TimeProvider time,
    IOptions<WakeUpOptions> options,
    ILogger<WakeUpDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) > 0) continue;
                var next = await index.NextDueAsync(stoppingToken);
                var idle = options.Value.MaxIdle;
                var wait = next is { } due ? Clamp(due - time.GetUtcNow(), TimeSpan.Zero, idle) : idle;
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Wake-up dispatch failed; retrying");
                await Task.Delay(options.Value.MaxIdle, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Takes one batch of due entries, wakes their grains, completes those that were woken; returns how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var claimed = await index.TakeDueAsync(now, o.BatchSize, o.Lease, cancellationToken);
        if (claimed.Count == 0) return 0;
        var woken = new List<ClaimedWakeUp>(claimed.Count);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = o.MaxConcurrentWakes, CancellationToken = cancellationToken },
            async (entry, _) =>
            {
                try
                {
                    await targets.WakeAsync(entry.WakeUp);
                    lock (woken) woken.Add(entry);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Wake-up {Kind} {Tenant}/{Entity} {Key} failed; it is taken again after its lease",
                        entry.WakeUp.Kind, entry.WakeUp.TenantId, entry.WakeUp.EntityId, entry.WakeUp.Key);
                }
            });
        if (woken.Count > 0) await index.CompleteAsync(woken, cancellationToken);
        WakeUpTelemetry.Woken.Add(woken.Count);
        foreach (var entry in woken)
            WakeUpTelemetry.Lateness.Record((now - entry.WakeUp.DueAt).TotalMilliseconds);
        return claimed.Count;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}

internal static class WakeUpTelemetry
{
    public static readonly System.Diagnostics.Metrics.Counter<long> Woken =
        Grains.Telemetry.EngineTelemetry.Meter.CreateCounter<long>("pd.wakeup.woken", "{wakeup}", "Grains woken by the durable wake-up index.");

    public static readonly System.Diagnostics.Metrics.Histogram<double> Lateness =
        Grains.Telemetry.EngineTelemetry.Meter.CreateHistogram<double>("pd.wakeup.lateness", "ms", "How long after its due time a wake-up was taken.");
}
