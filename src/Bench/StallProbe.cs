using System.Diagnostics;
using System.Globalization;

namespace PrivateDomain.Bench;

/// <summary>
/// Per second of a run, in the engine's process: GC pause time, and the worst lateness of a 5 ms timer continuation
/// (how long a ready piece of work waited for a thread). Printed beside the per-second push p99 to tell stalls apart.
/// </summary>
internal sealed class StallProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(double PauseMs, double LateMs, long ThreadPoolQueue)> _seconds = [];
    private readonly Task _loop;

    public StallProbe() => _loop = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        var second = Stopwatch.StartNew();
        var pauseAt = GC.GetTotalPauseDuration();
        double late = 0;
        long queue = 0;
        while (!_stop.IsCancellationRequested)
        {
            var before = Stopwatch.GetTimestamp();
            try { await Task.Delay(5, _stop.Token); } catch (OperationCanceledException) { break; }
            late = Math.Max(late, Stopwatch.GetElapsedTime(before).TotalMilliseconds - 5);
            queue = Math.Max(queue, ThreadPool.PendingWorkItemCount);
            if (second.ElapsedMilliseconds < 1000) continue;
            var pause = GC.GetTotalPauseDuration();
            lock (_seconds) _seconds.Add(((pause - pauseAt).TotalMilliseconds, late, queue));
            (pauseAt, late, queue) = (pause, 0, 0);
            second.Restart();
        }
    }

    public string Report()
    {
        lock (_seconds)
            return string.Create(CultureInfo.InvariantCulture,
                $"GC pause ms by second [{string.Join(' ', _seconds.Select(s => s.PauseMs.ToString("F0", CultureInfo.InvariantCulture)))}]; " +
                $"worst 5 ms timer lateness ms by second [{string.Join(' ', _seconds.Select(s => s.LateMs.ToString("F0", CultureInfo.InvariantCulture)))}]; " +
                $"most queued thread-pool items by second [{string.Join(' ', _seconds.Select(s => s.ThreadPoolQueue))}]");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
