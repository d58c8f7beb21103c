using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace PrivateDomain.Bench;

/// <summary>
/// Per second of a run, in the engine's process: GC pause time, and the worst lateness of a 5 ms timer continuation
/// (how long a ready piece of work waited for a thread), and the slowest event-log and grain-state commits. Printed beside
/// the per-second push p99 to tell stalls apart.
/// </summary>
internal sealed class StallProbe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(double PauseMs, double LateMs, long ThreadPoolQueue, double LogCommitMs, double StateCommitMs)> _seconds = [];
    private readonly MeterListener _commits = new();
    private readonly Lock _gate = new();
    private double _logCommit, _stateCommit;
    private readonly Task _loop;

    public StallProbe()
    {
        _commits.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "pd.eventlog.commit.duration" or "pd.state.commit.duration") listener.EnableMeasurementEvents(instrument);
        };
        _commits.SetMeasurementEventCallback<double>((instrument, ms, _, _) =>
        {
            lock (_gate)
            {
                if (instrument.Name == "pd.eventlog.commit.duration") _logCommit = Math.Max(_logCommit, ms);
                else _stateCommit = Math.Max(_stateCommit, ms);
            }
        });
        _commits.Start();
        _loop = Task.Run(RunAsync);
    }

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
            double log, state;
            lock (_gate) (log, state, _logCommit, _stateCommit) = (_logCommit, _stateCommit, 0, 0);
            lock (_seconds) _seconds.Add(((pause - pauseAt).TotalMilliseconds, late, queue, log, state));
            (pauseAt, late, queue) = (pause, 0, 0);
            second.Restart();
        }
    }

    /// <summary>The seconds so far; <paramref name="commits"/> false leaves out the engine's commits (a process without an engine).</summary>
    public string Report(bool commits = true)
    {
        static string Ms(double ms) => ms.ToString("F0", CultureInfo.InvariantCulture);
        lock (_seconds)
            return
                $"GC pause ms by second [{string.Join(' ', _seconds.Select(s => Ms(s.PauseMs)))}]; " +
                $"worst 5 ms timer lateness ms by second [{string.Join(' ', _seconds.Select(s => Ms(s.LateMs)))}]; " +
                $"most queued thread-pool items by second [{string.Join(' ', _seconds.Select(s => s.ThreadPoolQueue))}]" +
                (commits
                    ? $"; slowest log commit ms by second [{string.Join(' ', _seconds.Select(s => Ms(s.LogCommitMs)))}]; " +
                      $"slowest state commit ms by second [{string.Join(' ', _seconds.Select(s => Ms(s.StateCommitMs)))}]"
                    : "");
    }

    public async ValueTask DisposeAsync()
    {
        _commits.Dispose();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
