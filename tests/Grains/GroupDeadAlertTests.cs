using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Silo.WakeUps;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// A group that goes quiet: its wake-up in the real index, woken the way the dispatcher does it (by the entry's kind),
/// pushes one dead-group alert to the owner persona's feed. These tests move the clock, so they run on the clock clusters.
/// </summary>
public abstract class GroupDeadAlertTests(ClusterFixture fx)
{
    [Collection(SqliteClockCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : GroupDeadAlertTests(fx);

    [Collection(PostgresClockCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : GroupDeadAlertTests(fx);

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private readonly string _tenant = NewId("t"), _persona = NewId("p"), _group = NewId("g");

    private IGroupGrain Group => fx.Grains.GetGrain<IGroupGrain>(TenantKey.Compose(_tenant, _group));

    private GrainWakeUpTargets Dispatcher => new(fx.Grains);

    private async Task DeliverAsync(params EngineEvent[] events) => await Group.DeliverAsync(await fx.AppendAsync(_tenant, events));

    private EngineEvent Join(string customer, DateTimeOffset at) => Make(EventTypes.MemberJoined, customer, group: _group, at: at);

    private EngineEvent Say(string customer, string text, DateTimeOffset at) =>
        Make(EventTypes.ChatMessage, customer, $$"""{"text":"{{text}}"}""", group: _group, at: at);

    /// <summary>Moves the shared clock on (never back: the other tests of the collection only move it forward too).</summary>
    private DateTimeOffset SetClock(DateTimeOffset at)
    {
        Assert.True(at >= fx.Time.GetUtcNow());
        fx.Time.SetUtcNow(at);
        return at;
    }

    /// <summary>The group's entry as the dispatcher takes it at the clock's time (leased for 1 ms, so it stays takeable).</summary>
    private async Task<WakeUp?> DueWakeUpAsync()
    {
        var taken = await fx.SiloServices.GetRequiredService<IWakeUpIndex>().TakeDueAsync(fx.Time.GetUtcNow(), 100_000, TimeSpan.FromMilliseconds(1));
        return taken.Select(t => t.WakeUp).SingleOrDefault(w => w.TenantId == _tenant && w.EntityId == _group);
    }

    private async Task<IReadOnlyList<ConsoleItem>> FeedAsync() =>
        (await fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenant, _persona)).GetFeedAsync(0, 500)).Items;

    private static List<ConsoleItem> Dead(IReadOnlyList<ConsoleItem> feed) =>
        feed.Where(i => i.Kind == ConsoleItemKinds.GroupAlert && i.EventId?.StartsWith("dead:", StringComparison.Ordinal) == true).ToList();

    [Fact]
    public async Task A_week_of_silence_pushes_one_dead_alert_with_a_suggestion_and_a_new_message_re_arms_it()
    {
        var start = SetClock(fx.Time.GetUtcNow().AddDays(1));
        await Group.ConfigureAsync(new GroupSettings("早餐群", _persona, 200));
        await DeliverAsync(Join("c1", start.AddHours(-1)), Say("c1", "早", start));

        SetClock(start + Week - TimeSpan.FromMinutes(1));
        Assert.Null(await DueWakeUpAsync());
        var deadAt = SetClock(start + Week);
        var wake = await DueWakeUpAsync();
        Assert.NotNull(wake);
        Assert.Equal((GroupGrainKind, "due", deadAt), (wake.Kind, wake.Key, wake.DueAt));

        await Dispatcher.WakeAsync(wake);

        var alert = Assert.Single(Dead(await EventuallyAsync(() => FeedAsync(), f => Dead(f).Count > 0)));
        Assert.Equal((_group, _persona, deadAt), (alert.GroupId, alert.PersonaId, alert.At));
        Assert.Equal("No activity for 7 days — suggestion: invite more customers (share the group's live code) and welcome them by name", alert.Text);
        var stored = Assert.Single((await Group.GetAsync()).Alerts ?? []);
        Assert.Equal(("dead", alert.Text, deadAt), (stored.Kind, stored.Text, stored.At));

        // A doubled wake pushes nothing: the message after it is pushed after anything the wake would have pushed.
        await Dispatcher.WakeAsync(wake);
        var spoke = SetClock(deadAt.AddHours(2));
        await DeliverAsync(Say("c1", "还在吗", spoke));
        var feed = await EventuallyAsync(() => FeedAsync(), f => f.Any(i => i.Text == "还在吗"));
        Assert.Single(Dead(feed));

        // The message re-armed the watch: the next silence is alerted again, a week after it.
        SetClock(spoke + Week);
        var rearmed = await DueWakeUpAsync();
        Assert.Equal(spoke + Week, rearmed?.DueAt);
        await Dispatcher.WakeAsync(rearmed!);
        var both = Dead(await EventuallyAsync(() => FeedAsync(), f => Dead(f).Count > 1));
        Assert.Equal([deadAt, spoke + Week], both.Select(i => i.At));
        Assert.Equal(["dead", "dead"], ((await Group.GetAsync()).Alerts ?? []).Select(a => a.Kind));
    }

    [Fact]
    public async Task An_early_wake_after_newer_activity_alerts_nothing_and_moves_the_wake_up_to_the_new_silence()
    {
        var start = SetClock(fx.Time.GetUtcNow().AddDays(1));
        await Group.ConfigureAsync(new GroupSettings("读书会", _persona, 200));
        await DeliverAsync(Join("c1", start));
        // Activity does not move the entry (one index write per silence, not per message): the wake finds it early.
        await DeliverAsync(Say("c1", "第一章读完了", start.AddDays(2)));

        SetClock(start + Week);
        var early = await DueWakeUpAsync();
        Assert.Equal(start + Week, early?.DueAt);
        await Dispatcher.WakeAsync(early!);

        Assert.Empty((await Group.GetAsync()).Alerts ?? []);
        SetClock(start.AddDays(2) + Week);
        Assert.Equal(start.AddDays(2) + Week, (await DueWakeUpAsync())?.DueAt);
    }

    /// <summary>The dispatcher addresses a wake-up by its kind, the grain type: the group's must be "group".</summary>
    private const string GroupGrainKind = "group";
}
