using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

/// <summary>Date, schedule and segment entry triggers in the decider: evaluated by every command against fixed instants.</summary>
public class TimedTriggerTests
{
    // T0 is Monday 2026-06-01 10:00 in Shanghai (02:00Z).
    private static DateTimeOffset Utc(int mo, int d, int h = 0, int mi = 0) => new(2026, mo, d, h, mi, 0, TimeSpan.Zero);

    private static JourneyDefinition Timed(string id, JsonObject entry, string reentry = "after_exit", int version = 1, string wait = "1d")
    {
        var json = Journey(id, Tag("hello", "entered:" + id, "w"), Wait("w", wait, "done"), Exit())
            .With("entry", entry).With("reentry", new JsonObject { ["mode"] = reentry }).With("version", version)
            .With("timezone", "Asia/Shanghai");
        if (reentry == "after_days") json["reentry"]!["days"] = 1;
        return Parse(json);
    }

    private static JsonObject Birthday(string recurrence = "yearly", int offsetDays = 0, string at = "09:00") => new()
    {
        ["type"] = "date", ["property"] = "birthday", ["offsetDays"] = offsetDays, ["recurrence"] = recurrence, ["at"] = at,
    };

    private static JsonObject Daily(string at, JsonObject? audience = null) => new()
    {
        ["type"] = "schedule", ["every"] = "daily", ["at"] = at, ["audience"] = audience ?? new JsonObject { ["type"] = "tag", ["tag"] = "vip" },
    };

    private static JsonObject OnSegment(string segment, string on) => new() { ["type"] = "segment", ["segment"] = segment, ["on"] = on };

    private static JourneyFacts With(JourneyFacts facts, params (string Key, string Value)[] properties) =>
        facts with { Properties = properties.ToDictionary(p => p.Key, p => p.Value) };

    private static List<JourneyEntered> Entries(FakeCustomer c) => c.Events.OfType<JourneyEntered>().ToList();

    [Fact]
    public void A_birthday_enters_at_its_occurrence_once_however_often_the_customer_is_woken()
    {
        var c = new FakeCustomer(Timed("bday", Birthday())) { Facts = With(Facts(), ("birthday", "1990-06-03")) };
        c.Tick(T0);
        var occurrence = Utc(6, 3, 1); // 09:00 in Shanghai
        Assert.Equal(occurrence, c.State.NextDueAt);
        Assert.Empty(Entries(c));

        c.Tick(occurrence);
        c.Tick(occurrence);
        c.Tick(occurrence.AddMinutes(5));

        var entered = Assert.Single(Entries(c));
        Assert.Equal((occurrence, "date: birthday 2026-06-03"), (entered.At, entered.Reason));
        Assert.Equal(JourneyHash.Id("date:bday:2026-06-03", "bday"), entered.InstanceId);
        Assert.Equal(occurrence.AddDays(1), c.State.NextDueAt); // the wait; the next birthday is a year on
        Assert.Equal(new DateTimeOffset(2027, 6, 3, 1, 0, 0, TimeSpan.Zero), Assert.Single(c.State.Triggers).NextAt);
    }

    [Fact]
    public void The_customer_zone_wins_over_the_journey_zone()
    {
        var c = new FakeCustomer(Timed("bday", Birthday())) { Facts = With(Facts(), ("birthday", "1990-06-03")) };
        c.Facts = c.Facts with { TimeZoneId = "America/New_York" };
        c.Tick(T0);
        Assert.Equal(Utc(6, 3, 13), c.State.NextDueAt); // 09:00 EDT
    }

    [Fact]
    public void Occurrences_before_the_first_evaluation_never_fire()
    {
        var c = new FakeCustomer(Timed("bday", Birthday())) { Facts = With(Facts(), ("birthday", "1990-05-20")) };
        c.Tick(T0); // this year's birthday has passed
        c.Tick(T0.AddDays(30));
        Assert.Empty(Entries(c));
        Assert.Equal(new DateTimeOffset(2027, 5, 20, 1, 0, 0, TimeSpan.Zero), c.State.NextDueAt);
    }

    [Fact]
    public void A_new_version_starts_without_backfill()
    {
        var v1 = Timed("daily", Daily("20:00"));
        var c = new FakeCustomer(v1) { Facts = Facts("vip") };
        c.Tick(T0);
        c.Definitions = new JourneyDefinitionSet([v1, Timed("daily", Daily("09:00"), version: 2)]);
        c.Tick(Utc(6, 1, 13)); // v1's 20:00 has passed, but the customer never saw v2 before
        Assert.Empty(Entries(c));
        Assert.Equal((2, Utc(6, 2, 1)), (c.State.Triggers[0].Version, c.State.Triggers[0].NextAt));
        c.Tick(Utc(6, 2, 1));
        Assert.Equal(2, Assert.Single(Entries(c)).Version);
    }

    [Fact]
    public void After_an_outage_only_the_latest_missed_occurrence_enters()
    {
        var c = new FakeCustomer(Timed("daily", Daily("20:00"), reentry: "after_exit", wait: "1h")) { Facts = Facts("vip") };
        c.Tick(T0);
        c.Tick(Utc(6, 11, 3)); // ten 20:00s missed
        var entered = Assert.Single(Entries(c));
        Assert.Equal((Utc(6, 10, 12), "schedule: 2026-06-10 20:00"), (entered.At, entered.Reason));
        Assert.Equal(Utc(6, 11, 12), c.State.NextDueAt);
    }

    [Fact]
    public void A_late_wake_enters_exactly_as_a_punctual_one()
    {
        var definition = Timed("daily", Daily("20:00"), wait: "2h");
        var punctual = new FakeCustomer(definition) { Facts = Facts("vip") };
        var late = new FakeCustomer(definition) { Facts = Facts("vip") };
        punctual.Tick(T0);
        late.Tick(T0);
        punctual.Tick(Utc(6, 1, 12));
        punctual.Tick(Utc(6, 1, 15));
        late.Tick(Utc(6, 1, 15));

        Assert.Equal(JsonSerializer.Serialize(punctual.State.Instances), JsonSerializer.Serialize(late.State.Instances));
        Assert.Equal(JsonSerializer.Serialize(punctual.State.History), JsonSerializer.Serialize(late.State.History));
        Assert.Equal(punctual.Events.Where(e => e is not TriggersEvaluated), late.Events.Where(e => e is not TriggersEvaluated));
        Assert.Equal(punctual.State.Triggers.ToArray(), late.State.Triggers.ToArray());
    }

    [Fact]
    public void Stale_ticks_and_old_events_fire_nothing()
    {
        var c = new FakeCustomer(Timed("daily", Daily("20:00"))) { Facts = Facts("vip") };
        c.Tick(T0);
        c.Tick(Utc(6, 1, 13));
        var state = c.State;
        c.Tick(Utc(6, 1, 12)); // a stale, doubled wake-up
        c.Send(Event("chat.message"), Utc(6, 1, 11)); // an event that happened earlier
        Assert.Single(Entries(c));
        Assert.Equal(state.Triggers.ToArray(), c.State.Triggers.ToArray());
    }

    [Fact]
    public void The_audience_is_evaluated_at_the_occurrence()
    {
        var c = new FakeCustomer(Timed("daily", Daily("20:00"), wait: "1h")) { Facts = Facts() };
        c.Tick(T0);
        c.Tick(Utc(6, 1, 12)); // not a vip: passed
        c.Facts = Facts("vip");
        c.Tick(Utc(6, 2, 12));
        Assert.Equal(["schedule: 2026-06-02 20:00"], Entries(c).Select(e => e.Reason));
    }

    [Fact]
    public void Reentry_and_max_concurrent_apply_to_schedule_entries()
    {
        var c = new FakeCustomer(Timed("daily", Daily("20:00"), reentry: "after_exit", wait: "30h")) { Facts = Facts("vip") };
        c.Tick(T0);
        for (var day = 1; day <= 4; day++) c.Tick(Utc(6, day, 12));
        // Entered on the 1st (waiting 30 h), refused on the 2nd (still inside), entered again on the 3rd, refused on the 4th.
        Assert.Equal(["2026-06-01", "2026-06-03"], Entries(c).Select(e => e.Reason[10..20]));

        var never = new FakeCustomer(Timed("daily", Daily("20:00"), reentry: "never", wait: "1h")) { Facts = Facts("vip") };
        never.Tick(T0);
        for (var day = 1; day <= 4; day++) never.Tick(Utc(6, day, 12));
        Assert.Single(Entries(never));
    }

    [Fact]
    public void Changing_the_date_property_reschedules_without_firing_the_new_date_retroactively()
    {
        var c = new FakeCustomer(Timed("bday", Birthday())) { Facts = With(Facts(), ("birthday", "1990-07-01")) };
        c.Tick(T0);
        Assert.Equal(Utc(7, 1, 1), c.State.NextDueAt);

        // An event on 06-10 sets the birthday to 06-05, which lies between the two evaluations: not fired.
        c.Facts = With(Facts(), ("birthday", "1990-06-05"));
        c.Send(Event("chat.message"), Utc(6, 10));
        Assert.Empty(Entries(c));
        Assert.Equal(new DateTimeOffset(2027, 6, 5, 1, 0, 0, TimeSpan.Zero), c.State.NextDueAt);

        c.Facts = With(Facts(), ("birthday", "1990-06-20"));
        c.Send(Event("chat.message", id: "e2"), Utc(6, 11));
        Assert.Equal(Utc(6, 20, 1), c.State.NextDueAt);
        c.Tick(Utc(6, 20, 1));
        Assert.Equal("date: birthday 2026-06-20", Assert.Single(Entries(c)).Reason);
    }

    [Theory]
    [InlineData("not a date")]
    [InlineData("1990-02-30")]
    [InlineData("")]
    public void An_unparseable_date_enters_nothing_and_schedules_nothing(string value)
    {
        var c = new FakeCustomer(Timed("bday", Birthday())) { Facts = With(Facts(), ("birthday", value)) };
        c.Tick(T0);
        c.Tick(T0.AddDays(400));
        Assert.Empty(Entries(c));
        Assert.Null(c.State.NextDueAt);
        Assert.Single(c.State.Triggers);
    }

    [Fact]
    public void A_once_date_trigger_fires_once_and_then_needs_no_wake_up()
    {
        var c = new FakeCustomer(Timed("followup", Birthday("once", offsetDays: 10, at: "10:00"), reentry: "after_exit", wait: "1h"))
        {
            Facts = With(Facts(), ("birthday", "2026-06-01T20:00:00Z")), // 06-02 in Shanghai
        };
        c.Tick(T0);
        c.Tick(Utc(6, 12, 2));
        c.Tick(Utc(6, 12, 4));
        Assert.Equal(Utc(6, 12, 2), Assert.Single(Entries(c)).At);
        Assert.Null(c.State.NextDueAt);
    }

    [Fact]
    public void Paused_journeys_lose_their_mark_and_resume_without_backfill()
    {
        var daily = Timed("daily", Daily("20:00"), wait: "1h");
        var c = new FakeCustomer(daily) { Facts = Facts("vip") };
        c.Tick(T0);
        c.Definitions = new JourneyDefinitionSet([daily], new Dictionary<string, JourneyStatus> { ["daily"] = JourneyStatus.Paused });
        c.Tick(Utc(6, 1, 13));
        Assert.Empty(c.State.Triggers);
        Assert.Null(c.State.NextDueAt);
        c.Definitions = new JourneyDefinitionSet([daily]);
        c.Tick(Utc(6, 3, 13));
        Assert.Empty(Entries(c));
        Assert.Equal(Utc(6, 4, 12), c.State.NextDueAt);
    }

    // --- segments -----------------------------------------------------------------------------------------------

    /// <summary>5 purchases worth 5,000, the last on <paramref name="last"/>: a champion for 30 days, then loyal, then at risk.</summary>
    private static JourneyFacts Buyer(DateTimeOffset last, int purchases = 5) => Facts() with
    {
        Activity = new CustomerActivity(true, false, purchases, 5000m, last, last),
    };

    [Fact]
    public void Recency_decay_is_a_crossing_the_next_due_time_includes()
    {
        var last = T0.AddDays(-3);
        var facts = Buyer(last);
        Assert.True(SegmentClock.IsMember("champion", facts, T0));
        Assert.Equal(last.AddDays(31), SegmentClock.NextChange("champion", facts, T0)); // r 4 → 3: champion → loyal
        Assert.Equal(last.AddDays(91), SegmentClock.NextChange("at_risk", facts, T0));
        Assert.Equal(last.AddDays(90).AddTicks(1), SegmentClock.NextChange("lifecycle:dormant", facts, T0));
        Assert.Null(SegmentClock.NextChange("vip-list", facts, T0)); // a named segment has no source: never changes
        foreach (var days in SegmentClock.RecencyDropDays)
        {
            var before = Grains.Domain.RfmCalculator.Compute(5, 5000m, last, last.AddDays(days).AddTicks(-1)).RecencyScore;
            Assert.Equal(before - 1, Grains.Domain.RfmCalculator.Compute(5, 5000m, last, last.AddDays(days)).RecencyScore);
        }
    }

    [Fact]
    public void Leaving_a_segment_by_recency_enters_at_the_crossing_once_even_when_woken_late()
    {
        var last = T0.AddDays(-3);
        var definitions = new[] { Timed("lapsed", OnSegment("champion", "leave")), Timed("loyal", OnSegment("loyal", "enter")) };
        var punctual = new FakeCustomer(definitions) { Facts = Buyer(last) };
        var late = new FakeCustomer(definitions) { Facts = Buyer(last) };
        punctual.Tick(T0);
        late.Tick(T0);
        Assert.Equal(last.AddDays(31), punctual.State.NextDueAt);

        punctual.Tick(last.AddDays(31));
        late.Tick(last.AddDays(33));
        late.Tick(last.AddDays(33));

        foreach (var c in new[] { punctual, late })
        {
            Assert.Equal(["lapsed", "loyal"], Entries(c).Select(e => e.JourneyId));
            Assert.All(Entries(c), e => Assert.Equal(last.AddDays(31), e.At));
        }
        Assert.Equal(["segment left: champion", "segment entered: loyal"], Entries(late).Select(e => e.Reason));
        Assert.Equal(Entries(punctual).Select(e => e.InstanceId), Entries(late).Select(e => e.InstanceId));
    }

    [Fact]
    public void Already_being_in_the_segment_is_not_an_edge_and_an_event_edge_enters_at_the_event()
    {
        var c = new FakeCustomer(Timed("champions", OnSegment("champion", "enter"))) { Facts = Buyer(T0.AddDays(-3)) };
        c.Tick(T0);
        Assert.Empty(Entries(c));

        var d = new FakeCustomer(Timed("champions", OnSegment("champion", "enter"))) { Facts = Buyer(T0.AddDays(-40), purchases: 4) };
        d.Tick(T0); // r 3, f 3: potential
        d.Facts = Buyer(T0.AddHours(2), purchases: 5); // a purchase
        d.Send(Event("behavior.purchase"), T0.AddHours(2));
        Assert.Equal((T0.AddHours(2), "segment entered: champion"), (Assert.Single(Entries(d)).At, Entries(d)[0].Reason));
        d.Tick(T0.AddHours(3));
        Assert.Single(Entries(d));
    }

    [Fact]
    public void A_customer_going_dormant_enters_a_lifecycle_segment_journey()
    {
        var active = T0.AddDays(-10);
        var c = new FakeCustomer(Timed("winback", OnSegment("lifecycle:dormant", "enter"))) { Facts = Buyer(active) };
        c.Tick(T0);
        var dormant = active.AddDays(90).AddTicks(1);
        Assert.Equal(dormant, c.State.NextDueAt);
        c.Tick(dormant.AddHours(1));
        Assert.Equal((dormant, "segment entered: lifecycle:dormant"), (Assert.Single(Entries(c)).At, Entries(c)[0].Reason));
    }

    [Fact]
    public void Several_timed_journeys_keep_the_state_small()
    {
        var c = new FakeCustomer(Timed("bday", Birthday()), Timed("daily", Daily("20:00")), Timed("lapsed", OnSegment("champion", "leave")))
        {
            Facts = With(Buyer(T0.AddDays(-3)), ("birthday", "1990-06-03")),
        };
        c.Tick(T0);
        Assert.Equal(3, c.State.Triggers.Length);
        Assert.Equal(Utc(6, 1, 12), c.State.NextDueAt); // the earliest: today's 20:00
        Assert.All(c.State.Triggers, t => Assert.True(t.NextAt > T0));
    }
}
