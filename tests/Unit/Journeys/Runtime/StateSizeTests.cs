using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Grains.Journeys.Runtime;
using Xunit.Abstractions;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

public class StateSizeTests(ITestOutputHelper output)
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

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
}
