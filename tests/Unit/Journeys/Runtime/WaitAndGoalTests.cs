using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

public class WaitAndGoalTests
{
    private static JourneyDefinition ReplyOrTimeout()
    {
        var wait = WaitFor("w", EventTypes.ChatMessage, "2d", "replied", "silent");
        wait["event"]!["filters"] = JsonNode.Parse("""[ { "path": "data.text", "op": "contains", "value": "yes" } ]""");
        var branch = new JsonObject
        {
            ["id"] = "replied", ["type"] = "branch",
            ["cases"] = new JsonArray(new JsonObject
            {
                ["when"] = JsonNode.Parse("""{ "type": "event_data", "of": "awaited", "path": "data.text", "op": "eq", "value": "yes please" }"""),
                ["next"] = "keen",
            }),
            ["else"] = "ok",
        };
        return Parse(Journey("j", wait, branch, Tag("keen", "keen", "done"), Tag("ok", "ok", "done"), Tag("silent", "silent", "done"), Exit()));
    }

    [Fact]
    public void Wait_for_event_continues_at_next_when_the_matching_event_arrives()
    {
        var c = new FakeCustomer(ReplyOrTimeout());
        c.Send(Added(), T0);
        Assert.Equal((EventTypes.ChatMessage, T0.AddDays(2)), (c.Only.AwaitsEvent, c.Only.DueAt));
        c.Send(Ev.Chat("no"), T0.AddHours(1)); // filter fails
        Assert.Equal("w", c.Only.StepId);
        c.Send(Ev.Chat("yes please"), T0.AddHours(2));
        Assert.Equal(["keen"], c.Of<AddTagEffect>().Select(e => e.Tag));
        Assert.Empty(c.State.Instances);
        c.Tick(T0.AddDays(3));
        Assert.Single(c.Of<AddTagEffect>());
    }

    [Fact]
    public void Wait_for_event_takes_the_timeout_branch_when_nothing_arrives_in_time()
    {
        var c = new FakeCustomer(ReplyOrTimeout());
        c.Send(Added(), T0);
        c.Tick(T0.AddDays(2));
        c.Send(Ev.Chat("yes please"), T0.AddDays(2).AddMinutes(1));
        Assert.Equal(["silent"], c.Of<AddTagEffect>().Select(e => e.Tag));
    }

    [Fact]
    public void An_event_after_the_timeout_with_no_tick_in_between_still_loses_to_the_timeout()
    {
        var c = new FakeCustomer(ReplyOrTimeout());
        c.Send(Added(), T0);
        c.Send(Ev.Chat("yes please"), T0.AddDays(2).AddMinutes(1)); // the tick was missed
        Assert.Equal(["silent"], c.Of<AddTagEffect>().Select(e => e.Tag));
    }

    [Fact]
    public void The_goal_event_exits_the_customer_and_counts_one_conversion()
    {
        var json = Journey("j", Wait("w", "3d", "t"), Tag("t", "x", "done"), Exit())
            .With("goal", JsonNode.Parse("""{ "event": "behavior.purchase", "filters": [ { "path": "data.amount", "op": "gt", "value": 0 } ] }"""));
        var c = new FakeCustomer(Parse(json));
        c.Send(Added(), T0);
        c.Send(Ev.Purchase("o0", 0m), T0.AddHours(1));
        Assert.Single(c.State.Instances);
        var buy = Ev.Purchase("o1", 99m);
        c.Send(buy, T0.AddHours(2));
        c.Send(buy, T0.AddHours(3));
        var converted = Assert.Single(c.Events.OfType<JourneyConverted>());
        Assert.Equal(buy.Id, converted.GoalEventId);
        Assert.Equal(ExitReasons.Goal, Assert.Single(c.Exits).Reason);
        c.Tick(T0.AddDays(4));
        Assert.Empty(c.Effects);
    }

    [Fact]
    public void Wait_until_a_local_time_lands_on_allowed_weekdays_in_the_customer_zone()
    {
        var until = new WaitUntil(new TimeOnly(10, 0), [Weekday.Sat, Weekday.Sun]);
        var shanghai = LocalTime.Zone("Asia/Shanghai");
        var monday = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(new DateTimeOffset(2026, 6, 6, 10, 0, 0, TimeSpan.FromHours(8)), WaitClock.NextLocal(until, monday, shanghai));
        var saturdayTen = new DateTimeOffset(2026, 6, 6, 10, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(saturdayTen.AddDays(1), WaitClock.NextLocal(until, saturdayTen, shanghai)); // strictly after
    }

    [Fact]
    public void Wait_until_local_time_is_correct_across_daylight_saving_changes()
    {
        var ny = LocalTime.Zone("America/New_York");
        var every = new WaitUntil(new TimeOnly(9, 0), []);
        // Saturday 7 March 2026 10:00 EST; clocks spring forward early on Sunday 8 March.
        var before = new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.FromHours(-5));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 9, 0, 0, TimeSpan.FromHours(-4)), WaitClock.NextLocal(every, before, ny));
        // 02:30 does not exist on 8 March: the first moment after the gap.
        var gap = WaitClock.NextLocal(new WaitUntil(new TimeOnly(2, 30), []), before, ny);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)), gap);
        // Fall back on 1 November: 01:30 happens twice; the first occurrence (EDT) wins.
        var autumn = new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.FromHours(-4));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)),
            WaitClock.NextLocal(new WaitUntil(new TimeOnly(1, 30), []), autumn, ny));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(-5)),
            WaitClock.NextLocal(every, new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.FromHours(-5)), ny));
    }

    [Fact]
    public void Until_waits_use_the_customer_zone_then_the_journey_zone()
    {
        var json = Journey("j", new JsonObject
        {
            ["id"] = "w", ["type"] = "wait", ["until"] = new JsonObject { ["time"] = "09:00" }, ["next"] = "done",
        }, Exit()).With("timezone", "Asia/Shanghai");
        var def = Parse(json);
        var c = new FakeCustomer(def);
        c.Send(Added(), T0); // 10:00 Shanghai
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.FromHours(8)), c.Only.DueAt);

        var inNewYork = new FakeCustomer(def) { Facts = Facts() with { TimeZoneId = "America/New_York" } };
        inNewYork.Send(Added(), T0); // 22:00 the day before in New York
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(-4)), inNewYork.Only.DueAt);
    }

    [Fact]
    public void Next_due_at_is_the_earliest_wait_across_instances()
    {
        var c = new FakeCustomer(Parse(Journey("a", Wait("w", "3d", "done"), Exit())), Parse(Journey("b", Wait("w", "1d", "done"), Exit())));
        c.Send(Added(), T0);
        Assert.Equal(T0.AddDays(1), c.State.NextDueAt);
        c.Tick(T0.AddDays(1));
        Assert.Equal(T0.AddDays(3), c.State.NextDueAt);
    }
}
