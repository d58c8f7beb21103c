using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Silo.WakeUps;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Unit.WakeUps;

public sealed class WakeUpDispatcherTests
{
    /// <summary>The index's contract in memory: leases, versions, completes only at the claimed version.</summary>
    private sealed class MemoryIndex : IWakeUpIndex
    {
        private readonly Dictionary<WakeUpKey, (WakeUp WakeUp, DateTimeOffset ReadyAt, long Version)> _entries = [];
        private long _version;

        public int Count => _entries.Count;

        public Task ScheduleAsync(IReadOnlyList<WakeUp> wakeUps, CancellationToken cancellationToken = default)
        {
            foreach (var w in wakeUps) _entries[w.Id] = (w, w.DueAt, ++_version);
            return Task.CompletedTask;
        }

        public Task<int> CancelAsync(IReadOnlyList<WakeUpKey> keys, CancellationToken cancellationToken = default) =>
            Task.FromResult(keys.Count(k => _entries.Remove(k)));

        public Task<IReadOnlyList<ClaimedWakeUp>> TakeDueAsync(DateTimeOffset now, int maxCount, TimeSpan leaseFor, CancellationToken cancellationToken = default)
        {
            var due = _entries.Values.Where(e => e.ReadyAt <= now).OrderBy(e => e.ReadyAt).Take(maxCount).ToList();
            var claimed = new List<ClaimedWakeUp>();
            foreach (var e in due)
            {
                var version = ++_version;
                _entries[e.WakeUp.Id] = (e.WakeUp, now + leaseFor, version);
                claimed.Add(new ClaimedWakeUp(e.WakeUp, version, now + leaseFor));
            }
            return Task.FromResult<IReadOnlyList<ClaimedWakeUp>>(claimed);
        }

        public Task<int> CompleteAsync(IReadOnlyList<ClaimedWakeUp> claimed, CancellationToken cancellationToken = default) =>
            Task.FromResult(claimed.Count(c => _entries.TryGetValue(c.WakeUp.Id, out var e) && e.Version == c.Version && _entries.Remove(c.WakeUp.Id)));

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(_entries.Count == 0 ? (DateTimeOffset?)null : _entries.Values.Min(e => e.ReadyAt));
    }

    private sealed class Targets : IWakeUpTargets
    {
        public readonly List<WakeUp> Woken = [];
        public HashSet<string> Failing { get; } = [];

        public Task WakeAsync(WakeUp wakeUp)
        {
            if (Failing.Contains(wakeUp.EntityId)) throw new InvalidOperationException("grain unavailable");
            lock (Woken) Woken.Add(wakeUp);
            return Task.CompletedTask;
        }
    }

    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static (WakeUpDispatcher Dispatcher, MemoryIndex Index, Targets Targets, FakeTimeProvider Time) Make()
    {
        var index = new MemoryIndex();
        var targets = new Targets();
        var time = new FakeTimeProvider(T0);
        var options = Options.Create(new WakeUpOptions { Lease = TimeSpan.FromMinutes(1) });
        return (new WakeUpDispatcher(index, targets, time, options, NullLogger<WakeUpDispatcher>.Instance), index, targets, time);
    }

    private static WakeUp At(string customer, TimeSpan after) => new("t1", "customer", customer, "journey", T0 + after);

    [Fact]
    public async Task Due_wake_ups_wake_their_grains_once_and_are_completed_while_later_ones_wait()
    {
        var (dispatcher, index, targets, time) = Make();
        await index.ScheduleAsync([At("c1", TimeSpan.Zero), At("c2", TimeSpan.FromSeconds(-5)), At("c3", TimeSpan.FromDays(30))]);

        Assert.Equal(2, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None));

        Assert.Equal(["c1", "c2"], targets.Woken.Select(w => w.EntityId).Order());
        Assert.Equal(1, index.Count);
        time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal("c3", targets.Woken[^1].EntityId);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task A_wake_that_fails_stays_in_the_index_and_is_taken_again_after_its_lease()
    {
        var (dispatcher, index, targets, time) = Make();
        await index.ScheduleAsync([At("c1", TimeSpan.Zero), At("c2", TimeSpan.Zero)]);
        targets.Failing.Add("c2");

        await dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["c1"], targets.Woken.Select(w => w.EntityId));
        Assert.Equal(1, index.Count);
        Assert.Equal(0, await dispatcher.RunOnceAsync(CancellationToken.None)); // still leased

        targets.Failing.Clear();
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await dispatcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal("c2", targets.Woken[^1].EntityId);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task A_wait_rescheduled_while_its_wake_was_in_flight_is_not_completed_away()
    {
        var (_, index, _, time) = Make();
        await index.ScheduleAsync([At("c1", TimeSpan.Zero)]);
        var rescheduling = new RescheduleOnWake(index, At("c1", TimeSpan.FromDays(3)));
        var withReschedule = new WakeUpDispatcher(index, rescheduling, time, Options.Create(new WakeUpOptions()), NullLogger<WakeUpDispatcher>.Instance);

        await withReschedule.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, index.Count);
        Assert.Equal(T0 + TimeSpan.FromDays(3), await index.NextDueAsync());
        Assert.Equal(1, rescheduling.Wakes);
    }

    /// <summary>A grain that, when woken, schedules its next wait (as a journey moving to its next wait step does).</summary>
    private sealed class RescheduleOnWake(IWakeUpIndex index, WakeUp next) : IWakeUpTargets
    {
        public int Wakes { get; private set; }

        public Task WakeAsync(WakeUp wakeUp)
        {
            Wakes++;
            return index.ScheduleAsync([next]);
        }
    }
}
