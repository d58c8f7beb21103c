using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

public class EntryTests
{
    private static JsonObject Waiting(string id = "j") => Journey(id, Tag("a", "in", "w"), Wait("w", "1d", "done"), Exit());

    [Fact]
    public void Entry_filters_must_all_hold()
    {
        var json = Waiting();
        json["entry"] = JsonNode.Parse("""
            { "type": "event", "event": "customer.added", "filters": [
              { "path": "data.source", "op": "eq", "value": "store_qr" }, { "path": "data.score", "op": "gte", "value": 3 } ] }
            """);
        var c = new FakeCustomer(Parse(json));
        c.Send(Added("""{"source":"douyin","score":5}"""), T0);
        c.Send(Added("""{"source":"store_qr","score":2}"""), T0);
        c.Send(Event(EventTypes.ChatMessage, """{"source":"store_qr","score":5}"""), T0);
        Assert.Empty(c.State.Instances);
        c.Send(Added("""{"source":"store_qr","score":"4"}"""), T0);
        Assert.Single(c.State.Instances);
    }

    [Fact]
    public void Reentry_never_admits_a_customer_once()
    {
        var c = new FakeCustomer(Parse(Waiting()));
        c.Send(Added(), T0);
        c.Tick(T0.AddDays(2));
        c.Send(Added(), T0.AddDays(3));
        Assert.Single(c.Events.OfType<JourneyEntered>());
        Assert.Equal(1, c.State.HistoryOf("j")!.Entries);
    }

    [Fact]
    public void Reentry_after_exit_admits_again_only_once_the_instance_has_left()
    {
        var c = new FakeCustomer(Parse(Waiting().With("reentry", new JsonObject { ["mode"] = "after_exit" })));
        c.Send(Added(), T0);
        c.Send(Added(), T0.AddHours(1));
        Assert.Single(c.Events.OfType<JourneyEntered>());
        c.Tick(T0.AddDays(1));
        c.Send(Added(), T0.AddDays(1).AddHours(1));
        Assert.Equal(2, c.Events.OfType<JourneyEntered>().Count());
        Assert.Equal(T0.AddDays(1), c.State.HistoryOf("j")!.LastExitedAt);
    }

    [Fact]
    public void Reentry_after_days_and_max_concurrent_limit_parallel_instances()
    {
        var json = Journey("j", Wait("w", "30d", "done"), Exit())
            .With("reentry", new JsonObject { ["mode"] = "after_days", ["days"] = 7 }).With("maxConcurrent", 2);
        var c = new FakeCustomer(Parse(json));
        c.Send(Added(), T0);
        c.Send(Added(), T0.AddDays(6)); // too soon
        c.Send(Added(), T0.AddDays(7)); // second concurrent instance
        c.Send(Added(), T0.AddDays(15)); // max concurrent reached
        Assert.Equal(2, c.State.Instances.Length);
        c.Tick(T0.AddDays(30));
        c.Send(Added(), T0.AddDays(31));
        Assert.Equal(2, c.State.Instances.Length);
        Assert.Equal(3, c.State.HistoryOf("j")!.Entries);
    }

    [Fact]
    public void An_instance_keeps_its_version_when_a_newer_one_is_published()
    {
        var v1 = Parse(Journey("j", Wait("w", "1d", "t"), Tag("t", "v1", "done"), Exit()));
        var v2 = Parse(Journey("j", Wait("w", "1d", "t"), Tag("t", "v2", "done"), Exit()).With("version", 2));
        var c = new FakeCustomer(v1);
        c.Send(Added(), T0);
        c.Definitions = new JourneyDefinitionSet([v1, v2]);
        c.Tick(T0.AddDays(1));
        Assert.Equal("v1", Assert.Single(c.Of<AddTagEffect>()).Tag);

        var later = new FakeCustomer(v1, v2);
        later.Send(Added(), T0);
        Assert.Equal(2, later.Only.Version);
    }

    [Fact]
    public void A_paused_journey_admits_nobody_new_but_its_instances_continue()
    {
        var def = Parse(Waiting());
        var paused = new JourneyDefinitionSet([def], new Dictionary<string, JourneyStatus> { ["j"] = JourneyStatus.Paused });
        var c = new FakeCustomer(def);
        c.Send(Added(), T0);
        c.Definitions = paused;
        c.Tick(T0.AddDays(1));
        Assert.Equal(ExitReasons.Completed, Assert.Single(c.Exits).Reason);

        var fresh = new FakeCustomer(paused);
        fresh.Send(Added(), T0);
        fresh.Start("j", T0);
        Assert.Empty(fresh.Events.OfType<JourneyEntered>());
    }

    [Fact]
    public void An_archived_journey_admits_nobody_and_its_instances_exit_at_their_next_step()
    {
        var def = Parse(Journey("j", Wait("w", "1d", "t"), Tag("t", "late", "done"), Exit()));
        var c = new FakeCustomer(def);
        c.Send(Added(), T0);
        c.Definitions = new JourneyDefinitionSet([def], new Dictionary<string, JourneyStatus> { ["j"] = JourneyStatus.Archived });
        c.Send(Added(), T0.AddHours(1));
        c.Tick(T0.AddDays(1));
        var exit = Assert.Single(c.Exits);
        Assert.Equal((ExitReasons.Archived, T0.AddDays(1)), (exit.Reason, exit.At));
        Assert.Empty(c.Effects.OfType<AddTagEffect>());
        Assert.Empty(c.State.Instances);
    }

    [Fact]
    public void Start_journey_enters_without_an_event_honours_reentry_and_is_idempotent()
    {
        var json = Waiting().With("entry", JsonNode.Parse("""{ "type": "tag", "tag": "super_user", "on": "enter" }"""));
        var c = new FakeCustomer(Parse(json));
        c.Send(Added(), T0);
        Assert.Empty(c.State.Instances);
        c.Start("j", T0, "effect-1");
        c.Start("j", T0, "effect-1");
        Assert.Single(c.State.Instances);
        Assert.Equal("test", Assert.Single(c.Events.OfType<JourneyEntered>()).Reason);
        c.Start("j", T0, "effect-2");
        Assert.Single(c.Events.OfType<JourneyEntered>());
        c.Start("unknown", T0, "effect-3");
        Assert.Single(c.State.Instances);
    }

    [Fact]
    public void A_redelivered_event_is_applied_once()
    {
        var c = new FakeCustomer(Parse(Journey("j", Tag("a", "in", "w"), Wait("w", "3d", "done"), Exit()).With("reentry", new JsonObject { ["mode"] = "after_days", ["days"] = 1 }).With("maxConcurrent", 3)));
        var e = Added();
        c.Send(e, T0);
        Assert.Same(JourneyDecision.None, c.Send(e, T0.AddHours(30)));
        Assert.Single(c.State.Instances);
        Assert.Single(c.Effects);
    }

    [Fact]
    public void Two_journeys_entered_by_one_event_both_start_in_id_order()
    {
        var c = new FakeCustomer(Parse(Waiting("b")), Parse(Waiting("a")));
        c.Send(Added(), T0);
        Assert.Equal(["a", "b"], c.Events.OfType<JourneyEntered>().Select(e => e.JourneyId));
        Assert.NotEqual(c.State.Instances[0].InstanceId, c.State.Instances[1].InstanceId);
    }
}
