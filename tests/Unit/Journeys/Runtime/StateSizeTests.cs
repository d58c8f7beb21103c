using Orleans.Serialization;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using Xunit.Abstractions;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

public class StateSizeTests(ITestOutputHelper output)
{
    private static readonly Serializer Serializer = OrleansSerializer.Instance;

    [Fact]
    public void A_customer_waiting_in_one_journey_serializes_under_1_KiB()
    {
        var welcome = JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.Welcome)).Definition!;
        var c = new FakeCustomer(welcome);
        c.Send(Added("""{"source":"store_qr","campaign":"spring","note":"a long field the definition never reads, so it is not kept"}"""), T0);
        c.Send(Ev.Chat("1 please, I would love some skincare tips for dry skin in winter"), T0.AddHours(1));
        for (var i = 0; i < 40; i++) c.Send(Ev.Chat($"chatter {i}"), T0.AddHours(2 + i)); // fills the processed-id window

        Assert.Equal("until-day-3", c.Only.StepId);
        var bytes = Serializer.SerializeToArray(c.State);
        output.WriteLine($"one waiting instance, {c.State.ProcessedCommands.Length} processed ids: {bytes.Length} bytes");
        Assert.True(bytes.Length < 1024, $"{bytes.Length} bytes");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(c.State),
            System.Text.Json.JsonSerializer.Serialize(Serializer.Deserialize<CustomerJourneysState>(bytes)));
    }
    [Fact]
    public void Trigger_marks_cost_tens_of_bytes_per_timed_journey()
    {
        var welcome = JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.Welcome)).Definition!;
        var timed = new[] { "birthday-greeting", "weekly-digest", "champion-lapsed" }.Select((id, i) => Parse(Journey(id, Wait("w", "1d", "done"), Exit())
            .With("entry", System.Text.Json.Nodes.JsonNode.Parse(i switch
            {
                0 => """{ "type": "date", "property": "birthday", "recurrence": "yearly", "at": "09:00" }""",
                1 => """{ "type": "schedule", "every": "weekly", "days": ["mon"], "at": "09:00", "audience": { "type": "tag", "tag": "vip" } }""",
                _ => """{ "type": "segment", "segment": "champion", "on": "leave" }""",
            })))).ToArray();
        var without = new FakeCustomer(welcome);
        var with = new FakeCustomer([welcome, .. timed]);
        with.Facts = with.Facts with
        {
            Properties = new Dictionary<string, string> { ["birthday"] = "1990-06-20" },
            Activity = new CustomerActivity(true, false, 5, 5000m, T0.AddDays(-3), T0),
        };
        foreach (var c in new[] { without, with }) c.Send(Added("""{"source":"store_qr"}"""), T0);

        Assert.Equal(3, with.State.Triggers.Count(t => t.NextAt is not null));
        var perMark = (Serializer.SerializeToArray(with.State).Length - Serializer.SerializeToArray(without.State).Length) / 3.0;
        output.WriteLine($"{perMark:F0} bytes per trigger mark");
        Assert.True(perMark < 80, $"{perMark} bytes per mark");
    }
}
