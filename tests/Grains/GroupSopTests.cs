using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Silo.WakeUps;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// SOP items posted at their local time through the real wake-up index, woken the way the dispatcher does it; check-in
/// streaks and their rewards. These tests move the clock, so they run on the clock clusters.
/// </summary>
public abstract class GroupSopTests(ClusterFixture fx)
{
    [Collection(SqliteClockCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : GroupSopTests(fx);

    [Collection(PostgresClockCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : GroupSopTests(fx);

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private readonly string _tenant = NewId("t"), _persona = NewId("p"), _group = NewId("g");

    private IGroupGrain Group => fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(_tenant, _group));

    private IGroupScheduleGrain Schedule => fx.Grains.GetGrain<IGroupScheduleGrain>(TenantKey.Compose(_tenant, _group));

    private GrainWakeUpTargets Dispatcher => new(fx.Grains);

    /// <summary>A Shanghai wall-clock instant on a day safely after the shared clock (which only moves forward).</summary>
    private DateTimeOffset Local(DateOnly day, int hour, int minute = 0) => new(day.ToDateTime(new TimeOnly(hour, minute)), Shanghai);

    private DateOnly FreshDay() => DateOnly.FromDateTime(fx.Time.GetUtcNow().ToOffset(Shanghai).DateTime).AddDays(2);

    private DateTimeOffset SetClock(DateTimeOffset at)
    {
        Assert.True(at >= fx.Time.GetUtcNow());
        fx.Time.SetUtcNow(at);
        return at;
    }

    private async Task<WakeUp?> DueSopAsync()
    {
        var taken = await fx.SiloServices.GetRequiredService<IWakeUpIndex>().TakeDueAsync(fx.Time.GetUtcNow(), 100_000, TimeSpan.FromMilliseconds(1));
        return taken.Select(t => t.WakeUp).SingleOrDefault(w => w.TenantId == _tenant && w.EntityId == _group && w.Key == "sop");
    }

    private async Task<List<OutboxMessage>> OutboxAsync(string prefix) =>
        (await fx.Outbox.QueryAsync(_tenant, null, null, 100)).Where(m => m.DeliveryId.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private async Task SetUpAsync(DateTimeOffset at, params SopItem[] items)
    {
        SetClock(at);
        await Group.ConfigureAsync(new GroupSettings("早起打卡群", _persona, 200));
        await Group.DeliverAsync(await fx.AppendAsync(_tenant, Make(EventTypes.MemberJoined, "c1", group: _group, at: at)));
        await Schedule.SetSopAsync(items, null);
    }

    [Fact]
    public async Task An_item_posts_at_its_local_time_once_even_when_woken_twice()
    {
        var day = FreshDay();
        await SetUpAsync(Local(day, 9), new SopItem("topic", SopKinds.Topic, "今日话题：早餐吃什么？", "10:00"));
        Assert.Equal(Local(day, 10), (await Schedule.GetSopAsync()).NextDueAt);

        SetClock(Local(day, 9, 59));
        Assert.Null(await DueSopAsync());
        SetClock(Local(day, 10));
        var wake = await DueSopAsync();
        Assert.Equal(Local(day, 10), wake?.DueAt);
        await Dispatcher.WakeAsync(wake!);
        await Dispatcher.WakeAsync(wake!);

        var posted = Assert.Single(await OutboxAsync("sop:"));
        Assert.Equal(($"sop:{_group}:topic:{day:yyyy-MM-dd}", _group, _persona, "今日话题：早餐吃什么？"),
            (posted.DeliveryId, posted.GroupId, posted.PersonaId, posted.Text));
        var feed = await EventuallyAsync(() => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenant, _persona)).GetFeedAsync(0, 100),
            f => f.Items.Any(i => i.Kind == ConsoleItemKinds.GroupPost));
        Assert.Single(feed.Items, i => i.Kind == ConsoleItemKinds.GroupPost && i.EventId == posted.DeliveryId);
        Assert.Equal(Local(day.AddDays(1), 10), (await Schedule.GetSopAsync()).NextDueAt);
        Assert.Equal(Local(day.AddDays(1), 10), (await DueSopAsyncAt(Local(day.AddDays(1), 10)))?.DueAt);
    }

    [Fact]
    public async Task An_item_in_the_group_quiet_hours_is_deferred_to_their_end()
    {
        var day = FreshDay();
        await SetUpAsync(Local(day, 12), new SopItem("night", SopKinds.Content, "晚安好文", "23:00"));

        SetClock(Local(day, 23));
        await Dispatcher.WakeAsync((await DueSopAsync())!);
        Assert.Empty(await OutboxAsync("sop:"));
        SetClock(Local(day.AddDays(1), 8));
        var deferred = await DueSopAsync();
        Assert.Equal(Local(day.AddDays(1), 8), deferred?.DueAt);
        await Dispatcher.WakeAsync(deferred!);

        var posted = Assert.Single(await OutboxAsync("sop:"));
        Assert.Equal($"sop:{_group}:night:{day:yyyy-MM-dd}", posted.DeliveryId);
    }

    [Fact]
    public async Task Consecutive_check_ins_earn_the_streak_reward_once()
    {
        var day = FreshDay();
        var item = new SopItem("morning", SopKinds.Checkin, "早起打卡开始啦", "09:00", Keyword: "打卡",
            Rewards: [new SopReward(2, "连续打卡2天，送你一张5元券")]);
        await SetUpAsync(Local(day, 8), item);

        for (var d = 0; d < 2; d++)
        {
            var opens = SetClock(Local(day.AddDays(d), 9));
            await Dispatcher.WakeAsync((await DueSopAsync())!);
            await Group.DeliverAsync(await fx.AppendAsync(_tenant,
                Make(EventTypes.ChatMessage, "c1", """{"text":"打卡！"}""", group: _group, at: opens.AddMinutes(5)),
                Make(EventTypes.ChatMessage, "c1", """{"text":"今天也打卡"}""", group: _group, at: opens.AddMinutes(6))));
        }

        var rewards = await EventuallyAsync(() => OutboxAsync("reward:"), r => r.Count > 0);
        var reward = Assert.Single(rewards);
        Assert.Equal(($"reward:{_group}:morning:c1:2:{day:yyyy-MM-dd}", "c1", _persona, "连续打卡2天，送你一张5元券"),
            (reward.DeliveryId, reward.CustomerId, reward.PersonaId, reward.Text));
        var streak = Assert.Single((await Group.GetAsync()).Checkins ?? []);
        Assert.Equal(("morning", "c1", 2, 2), (streak.ItemId, streak.CustomerId, streak.Streak, streak.Total));
    }

    private async Task<WakeUp?> DueSopAsyncAt(DateTimeOffset at)
    {
        SetClock(at);
        return await DueSopAsync();
    }
}
