using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

/// <summary>Tag entry triggers: <see cref="TagsChanged"/> enters journeys on tag edges, once per cause.</summary>
public class TagEntryTests
{
    private static JourneyDefinition OnTag(string id, string tag, string on, string reentry = "never", int maxConcurrent = 1, int? days = null)
    {
        var json = Journey(id, Wait("w", "1d", "done"), Exit());
        json["entry"] = new JsonObject { ["type"] = "tag", ["tag"] = tag, ["on"] = on };
        var rule = new JsonObject { ["mode"] = reentry };
        if (days is { } d) rule["days"] = d;
        return Parse(json.With("reentry", rule).With("maxConcurrent", maxConcurrent));
    }

    private static TagsChanged Added(string cause, params string[] tags) => new(cause, tags, []);

    private static TagsChanged Removed(string cause, params string[] tags) => new(cause, [], tags);

    [Fact]
    public void Between_yields_the_added_and_removed_edges()
    {
        var change = TagsChanged.Between("c", ["a", "b", "b"], ["b", "c", "d", "c"]);
        Assert.Equal(["c", "d"], change.Added);
        Assert.Equal(["a"], change.Removed);
        Assert.True(TagsChanged.Between("c", ["a"], ["a"]).IsEmpty);
    }

    [Fact]
    public void Enter_triggers_fire_on_an_added_tag_and_leave_triggers_on_a_removed_one()
    {
        var c = new FakeCustomer(OnTag("on-enter", "vip", "enter"), OnTag("on-leave", "vip", "leave"), OnTag("other", "gold", "enter"));

        c.Handle(Added("ev:1", "vip", "new"), T0);
        Assert.Equal(["on-enter"], c.State.Instances.Select(i => i.JourneyId));
        Assert.Equal("tag added: vip", Assert.Single(c.Events.OfType<JourneyEntered>()).Reason);

        c.Handle(Removed("ev:2", "vip"), T0.AddHours(1));
        Assert.Equal(["on-enter", "on-leave"], c.State.Instances.Select(i => i.JourneyId));
        Assert.Equal("tag removed: vip", c.Events.OfType<JourneyEntered>().Last().Reason);
    }

    [Fact]
    public void The_same_cause_decides_once_and_a_replay_makes_the_same_decision()
    {
        var def = OnTag("j", "vip", "enter", reentry: "after_exit");
        var first = new FakeCustomer(def);
        var decided = first.Handle(Added("ev:1", "vip"), T0);
        Assert.Same(JourneyDecision.None, first.Handle(Added("ev:1", "vip"), T0.AddMinutes(1)));
        Assert.Single(first.State.Instances);

        var replay = new FakeCustomer(def);
        Assert.Equal(decided.Events, replay.Handle(Added("ev:1", "vip"), T0).Events);
        Assert.Equal(first.State.Instances.Select(i => (i.InstanceId, i.DueAt)), replay.State.Instances.Select(i => (i.InstanceId, i.DueAt)));
    }

    [Fact]
    public void Reentry_rules_hold_for_tag_triggers()
    {
        var never = new FakeCustomer(OnTag("j", "vip", "enter"));
        never.Handle(Added("a", "vip"), T0);
        never.Tick(T0.AddDays(2));
        never.Handle(Added("b", "vip"), T0.AddDays(3));
        Assert.Single(never.Events.OfType<JourneyEntered>());

        var afterExit = new FakeCustomer(OnTag("j", "vip", "enter", reentry: "after_exit"));
        afterExit.Handle(Added("a", "vip"), T0);
        afterExit.Handle(Added("b", "vip"), T0.AddHours(1)); // still inside
        Assert.Single(afterExit.Events.OfType<JourneyEntered>());
        afterExit.Handle(Added("c", "vip"), T0.AddDays(2)); // the wait ended at T0+1d
        Assert.Equal(2, afterExit.Events.OfType<JourneyEntered>().Count());

        var afterDays = new FakeCustomer(OnTag("j", "vip", "enter", reentry: "after_days", days: 1));
        afterDays.Handle(Added("a", "vip"), T0);
        afterDays.Handle(Added("b", "vip"), T0.AddHours(12)); // too soon, and max concurrent 1
        Assert.Single(afterDays.Events.OfType<JourneyEntered>());
        afterDays.Handle(Added("c", "vip"), T0.AddDays(1)); // the first left at its due time, a day has passed
        Assert.Equal(2, afterDays.Events.OfType<JourneyEntered>().Count());
        Assert.Single(afterDays.State.Instances);
    }

    [Fact]
    public void Paused_and_archived_journeys_are_not_entered()
    {
        var def = OnTag("j", "vip", "enter");
        foreach (var status in new[] { JourneyStatus.Paused, JourneyStatus.Archived })
        {
            var c = new FakeCustomer(new JourneyDefinitionSet([def], new Dictionary<string, JourneyStatus> { ["j"] = status }));
            Assert.Same(JourneyDecision.None, c.Handle(Added("a", "vip"), T0));
        }
    }

    [Fact]
    public void A_tag_change_no_journey_listens_to_records_nothing()
    {
        var c = new FakeCustomer(OnTag("j", "vip", "enter"));
        Assert.Same(JourneyDecision.None, c.Handle(Added("a", "other"), T0));
        Assert.Same(JourneyDecision.None, c.Handle(Removed("b", "vip"), T0));
        Assert.Empty(c.State.ProcessedCommands);
        // ...so the same cause still counts once the tag it adds is one a journey listens to.
        c.Handle(Added("a", "vip"), T0);
        Assert.Single(c.State.Instances);
    }
}
