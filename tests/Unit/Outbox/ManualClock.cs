namespace PrivateDomain.Tests.Unit.Outbox;

/// <summary>
/// A clock that moves only when told, and knows its timers: a test can see that the code under test is waiting on
/// the clock and jump straight to the next timer, so a simulated minute takes milliseconds and no send is ever
/// late because the clock moved while the code was busy elsewhere.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>When the earliest armed timer fires, if any.</summary>
    public DateTimeOffset? NextTimer
    {
        get
        {
            lock (_lock)
                return _timers.Count == 0 ? null : _timers.Min(t => t.DueAt);
        }
    }

    /// <summary>
    /// Moves the clock to <paramref name="to"/> and fires the timers due by then, earliest first, each on the thread
    /// pool as a real timer does.
    /// </summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        while (true)
        {
            Timer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= to).MinBy(t => t.DueAt);
                if (due is null)
                {
                    if (to > _now) _now = to;
                    return;
                }
                if (due.DueAt > _now) _now = due.DueAt;
                _timers.Remove(due);
                if (due.Period is { } period) Arm(due, _now + period);
            }
            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Arm(Timer timer, DateTimeOffset dueAt)
    {
        timer.DueAt = dueAt;
        _timers.Add(timer);
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                    clock.Arm(this, clock._now + dueTime);
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._lock) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
