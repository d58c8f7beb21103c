using PrivateDomain.Storage;

namespace PrivateDomain.Tests.WakeUps;

/// <summary>
/// The behaviour every <see cref="IWakeUpIndex"/> must have, run once per backend (SQLite in tests/Storage,
/// PostgreSQL in tests/Postgres, which compiles this file in). Time is passed in, never slept.
/// </summary>
public abstract class WakeUpIndexContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly List<IWakeUpIndex> _opened = [];

    protected IWakeUpIndex Index { get; private set; } = null!;

    /// <summary>Opens a new index over this test's store (the first call creates the store).</summary>
    protected abstract Task<IWakeUpIndex> CreateAsync();

    protected abstract ValueTask CloseAsync(IWakeUpIndex index);

    /// <summary>An index as another process would open it; SQLite has one owner process, so it returns <see cref="Index"/>.</summary>
    protected virtual Task<IWakeUpIndex> OpenPeerAsync() => OpenAsync();

    public virtual async Task InitializeAsync() => Index = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var index in _opened.Distinct())
            await CloseAsync(index);
    }

    protected async Task<IWakeUpIndex> OpenAsync()
    {
        var index = await CreateAsync();
        _opened.Add(index);
        return index;
    }

    [Fact]
    public async Task Wake_up_is_taken_once_due_and_not_before()
    {
        await Index.ScheduleAsync([At("c1", T0)]);

        Assert.Empty(await Index.TakeDueAsync(T0.AddMilliseconds(-1), 10, Lease));
        var claimed = Assert.Single(await Index.TakeDueAsync(T0, 10, Lease));

        Assert.Equal(At("c1", T0), claimed.WakeUp);
        Assert.Equal(T0 + Lease, claimed.LeasedUntil);
    }

    [Fact]
    public async Task Due_instant_reads_back_to_the_tick()
    {
        var due = T0.AddTicks(1_234_567);
        await Index.ScheduleAsync([At("c1", due)]);

        Assert.Equal(due, Assert.Single(await Index.TakeDueAsync(due.AddSeconds(1), 10, Lease)).WakeUp.DueAt);
    }

    [Fact]
    public async Task Scheduling_a_key_again_moves_its_due_time()
    {
        await Index.ScheduleAsync([At("c1", T0)]);
        await Index.ScheduleAsync([At("c1", T0.AddDays(30))]);

        Assert.Empty(await Index.TakeDueAsync(T0.AddDays(29), 10, Lease));
        Assert.Equal(T0.AddDays(30), Assert.Single(await Index.TakeDueAsync(T0.AddDays(30), 10, Lease)).WakeUp.DueAt);
    }

    [Fact]
    public async Task Last_schedule_of_a_key_in_one_call_wins()
    {
        await Index.ScheduleAsync([At("c1", T0), At("c1", T0.AddHours(2)), At("c1", T0.AddHours(1))]);

        Assert.Equal(T0.AddHours(1), Assert.Single(await Index.TakeDueAsync(T0.AddDays(1), 10, Lease)).WakeUp.DueAt);
    }

    [Fact]
    public async Task Keys_that_differ_in_any_part_are_separate_wake_ups()
    {
        WakeUp[] all =
        [
            new("t1", "customer", "c1", "journey:a", T0),
            new("t2", "customer", "c1", "journey:a", T0),
            new("t1", "group", "c1", "journey:a", T0),
            new("t1", "customer", "c2", "journey:a", T0),
            new("t1", "customer", "c1", "journey:b", T0),
            new("t1", "customer", "c1", "", T0),
        ];
        await Index.ScheduleAsync(all);

        var taken = await Index.TakeDueAsync(T0, 100, Lease);

        Assert.Equal(all.ToHashSet(), taken.Select(c => c.WakeUp).ToHashSet());
    }

    [Fact]
    public async Task Cancel_removes_wake_ups_and_counts_those_that_existed()
    {
        await Index.ScheduleAsync([At("c1", T0), At("c2", T0)]);

        Assert.Equal(1, await Index.CancelAsync([At("c1", T0).Id, At("c9", T0).Id]));

        Assert.Equal(["c2"], (await Index.TakeDueAsync(T0, 10, Lease)).Select(c => c.WakeUp.EntityId));
    }

    [Fact]
    public async Task Cancel_removes_a_claimed_wake_up()
    {
        await Index.ScheduleAsync([At("c1", T0)]);
        var claimed = await Index.TakeDueAsync(T0, 10, Lease);

        Assert.Equal(1, await Index.CancelAsync([claimed[0].WakeUp.Id]));

        Assert.Equal(0, await Index.CompleteAsync(claimed));
        Assert.Null(await Index.NextDueAsync());
    }

    [Fact]
    public async Task Due_wake_ups_come_earliest_first_up_to_the_maximum()
    {
        await Index.ScheduleAsync([At("c3", T0.AddSeconds(3)), At("c1", T0.AddSeconds(1)), At("c4", T0.AddHours(1)), At("c2", T0.AddSeconds(2))]);

        Assert.Equal(["c1", "c2"], (await Index.TakeDueAsync(T0.AddMinutes(1), 2, Lease)).Select(c => c.WakeUp.EntityId));
        Assert.Equal(["c3"], (await Index.TakeDueAsync(T0.AddMinutes(1), 2, Lease)).Select(c => c.WakeUp.EntityId));
    }

    [Fact]
    public async Task Taken_wake_up_is_not_taken_again_while_leased()
    {
        await Index.ScheduleAsync([At("c1", T0)]);
        Assert.Single(await Index.TakeDueAsync(T0, 10, Lease));

        Assert.Empty(await Index.TakeDueAsync(T0 + Lease - TimeSpan.FromSeconds(1), 10, Lease));
    }

    [Fact]
    public async Task Wake_up_of_a_crashed_claimer_comes_back_when_its_lease_ends()
    {
        await Index.ScheduleAsync([At("c1", T0)]);
        var first = Assert.Single(await Index.TakeDueAsync(T0, 10, Lease));

        var second = Assert.Single(await Index.TakeDueAsync(T0 + Lease, 10, Lease));

        Assert.Equal(first.WakeUp, second.WakeUp);
        Assert.NotEqual(first.Version, second.Version);
        // The first claimer finishing late deletes nothing: the entry belongs to the second claim now.
        Assert.Equal(0, await Index.CompleteAsync([first]));
        Assert.Equal(1, await Index.CompleteAsync([second]));
        Assert.Null(await Index.NextDueAsync());
    }

    [Fact]
    public async Task Complete_deletes_the_claimed_wake_ups()
    {
        await Index.ScheduleAsync([At("c1", T0), At("c2", T0), At("c3", T0.AddDays(1))]);
        var claimed = await Index.TakeDueAsync(T0, 10, Lease);

        Assert.Equal(2, await Index.CompleteAsync(claimed));

        Assert.Empty(await Index.TakeDueAsync(T0.AddHours(2), 10, Lease));
        Assert.Equal(T0.AddDays(1), await Index.NextDueAsync());
    }

    [Fact]
    public async Task Wake_up_rescheduled_while_claimed_survives_the_completion()
    {
        await Index.ScheduleAsync([At("c1", T0)]);
        var claimed = await Index.TakeDueAsync(T0, 10, Lease);

        // The grain set its next wait while the claimer was waking it.
        await Index.ScheduleAsync([At("c1", T0.AddDays(3))]);
        Assert.Equal(0, await Index.CompleteAsync(claimed));

        // The new wait is not leased: it is due at its own time, not at the old lease's end.
        Assert.Equal(T0.AddDays(3), await Index.NextDueAsync());
        Assert.Equal(T0.AddDays(3), Assert.Single(await Index.TakeDueAsync(T0.AddDays(3), 10, Lease)).WakeUp.DueAt);
    }

    [Fact]
    public async Task Scheduling_the_same_due_again_changes_nothing()
    {
        await Index.ScheduleAsync([At("c1", T0)]);
        var claimed = await Index.TakeDueAsync(T0, 10, Lease);

        // A reconcile repeating the wait it is being woken for keeps the claim, and the completion ends it.
        await Index.ScheduleAsync([At("c1", T0)]);
        Assert.Empty(await Index.TakeDueAsync(T0.AddSeconds(1), 10, Lease));
        Assert.Equal(1, await Index.CompleteAsync(claimed));
    }

    [Fact]
    public async Task Next_due_is_the_earliest_due_time_or_lease_end()
    {
        Assert.Null(await Index.NextDueAsync());
        await Index.ScheduleAsync([At("c1", T0.AddMinutes(5)), At("c2", T0.AddMinutes(2))]);
        Assert.Equal(T0.AddMinutes(2), await Index.NextDueAsync());

        await Index.TakeDueAsync(T0.AddMinutes(2), 10, TimeSpan.FromMinutes(10));

        Assert.Equal(T0.AddMinutes(5), await Index.NextDueAsync());
        await Index.CancelAsync([At("c1", T0).Id]);
        Assert.Equal(T0.AddMinutes(12), await Index.NextDueAsync());
    }

    [Fact]
    public async Task Wake_ups_survive_reopening_the_store()
    {
        await Index.ScheduleAsync([At("c1", T0.AddDays(365)), At("c2", T0)]);
        var claimed = await Index.TakeDueAsync(T0, 10, Lease);
        await CloseAsync(Index);

        var reopened = await OpenAsync();

        Assert.Equal(T0 + Lease, await reopened.NextDueAsync());
        Assert.Equal(1, await reopened.CompleteAsync(claimed));
        Assert.Equal(At("c1", T0.AddDays(365)), Assert.Single(await reopened.TakeDueAsync(T0.AddYears(2), 10, Lease)).WakeUp);
    }

    [Fact]
    public async Task Concurrent_single_schedules_are_all_stored()
    {
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => Index.ScheduleAsync([At($"c{i}", T0.AddSeconds(i))])));

        var taken = await Index.TakeDueAsync(T0.AddDays(1), 5_000, Lease);

        Assert.Equal(1_000, taken.Count);
        Assert.Equal(taken.Select(c => c.WakeUp.DueAt).Order(), taken.Select(c => c.WakeUp.DueAt));
    }

    [Fact]
    public async Task Concurrent_claimers_never_take_the_same_wake_up()
    {
        const int count = 2_000;
        await Index.ScheduleAsync([.. Enumerable.Range(0, count).Select(i => At($"c{i}", T0.AddMilliseconds(i)))]);
        var peer = await OpenPeerAsync();
        IWakeUpIndex[] indexes = [Index, peer, Index, peer];

        var taken = await Task.WhenAll(indexes.Select(index => Task.Run(async () =>
        {
            var mine = new List<ClaimedWakeUp>();
            while (true)
            {
                var claimed = await index.TakeDueAsync(T0.AddMinutes(1), 37, Lease);
                if (claimed.Count == 0)
                    return mine;
                mine.AddRange(claimed);
                Assert.Equal(claimed.Count, await index.CompleteAsync(claimed));
            }
        })));

        var all = taken.SelectMany(t => t).Select(c => c.WakeUp.EntityId).ToList();
        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Distinct().Count());
        Assert.Null(await Index.NextDueAsync());
    }

    [Fact]
    public async Task Invalid_wake_ups_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Index.ScheduleAsync([new WakeUp("", "customer", "c1", "k", T0)]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Index.TakeDueAsync(T0, 10, TimeSpan.Zero));
        Assert.Empty(await Index.TakeDueAsync(T0, 0, Lease));
    }

    protected static WakeUp At(string customer, DateTimeOffset due) => new("t1", "customer", customer, "journey:welcome", due);
}
