using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Grains.Journeys.Runtime;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

/// <summary>The shipped welcome journey walked end to end with fake time and an hourly reminder tick.</summary>
public class WelcomeJourneyTests
{
    private static readonly JourneyDefinition Welcome = JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.Welcome)).Definition!;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>An entering event id whose instance lands in the given day-3 variant (or the holdout for null).</summary>
    private static string AddedIdFor(string? variant)
    {
        var split = (SplitStep)Welcome.Step("day-3-split")!;
        return Enumerable.Range(0, 1000).Select(i => $"added-{i}")
            .First(id => JourneySplit.Choose(split, JourneyHash.Id($"ev:{id}", "welcome"))?.Name == variant);
    }

    private static void RunUntil(FakeCustomer c, DateTimeOffset from, DateTimeOffset until)
    {
        for (var t = from; t <= until; t = t.AddHours(1)) c.Tick(t);
    }

    [Theory]
    [InlineData("guide")]
    [InlineData("coupon")]
    public void Friend_added_from_store_gets_welcomed_tagged_by_reply_day3_content_and_an_agent_task(string variant)
    {
        var c = new FakeCustomer(Welcome);
        c.Send(Added("""{"source":"store_qr"}""", id: AddedIdFor(variant)), T0);

        var hello = Assert.Single(c.Of<SendMessageEffect>());
        Assert.StartsWith("Hi Lin, I'm Xiao Wanzi. Thanks for scanning our code in store!", hello.Text, StringComparison.Ordinal);
        Assert.Equal(MessageClass.Service, hello.Class);
        Assert.Equal(["source:store_qr"], c.Of<AddTagEffect>().Select(t => t.Tag));
        Assert.Equal(("await-reply", T0.AddDays(1)), (c.Only.StepId, c.Only.DueAt));

        c.Tick(T0.AddHours(1));
        c.Send(Ev.Chat("1, skin please"), T0.AddHours(2));
        Assert.Equal(["source:store_qr", "interest:skincare"], c.Of<AddTagEffect>().Select(t => t.Tag));
        Assert.Equal("skincare-fans", Assert.Single(c.Of<AddToGroupEffect>()).PoolId);
        Assert.Equal(("until-day-3", T0.AddHours(2).AddDays(2)), (c.Only.StepId, c.Only.DueAt));

        RunUntil(c, T0.AddHours(3), T0.AddDays(2).AddHours(2));
        Assert.Equal("day-3-morning", c.Only.StepId);
        Assert.Equal(new DateTimeOffset(2026, 6, 4, 10, 0, 0, China), c.Only.DueAt);

        RunUntil(c, T0.AddDays(2).AddHours(3), T0.AddDays(3));
        var content = c.Of<SendMessageEffect>().Last();
        Assert.Equal(variant == "guide" ? MessageKind.Material : MessageKind.Link, content.Kind);
        Assert.Equal(MessageClass.Marketing, content.Class);
        Assert.Equal(new DateTimeOffset(2026, 6, 4, 10, 0, 0, China), content.At);
        Assert.Equal(variant, c.Only.Variant);

        RunUntil(c, T0.AddDays(3).AddHours(1), T0.AddDays(9));
        var task = Assert.Single(c.Of<CreateTaskEffect>());
        Assert.Equal("Follow up Lin: no purchase 7 days after adding", task.Title);
        Assert.Equal(new DateTimeOffset(2026, 6, 8, 10, 0, 0, China), task.At);
        Assert.Equal(ExitReasons.Completed, Assert.Single(c.Exits).Reason);
        Assert.Empty(c.State.Instances);
        Assert.Equal(c.Effects.Count, c.Effects.Select(e => e.EffectId).Distinct().Count());
    }

    [Fact]
    public void A_purchase_before_day_7_exits_with_a_conversion_and_no_agent_task()
    {
        var c = new FakeCustomer(Welcome);
        c.Send(Added("""{"source":"douyin"}""", id: AddedIdFor("coupon")), T0);
        Assert.Contains("welcome from the live stream", Assert.Single(c.Of<SendMessageEffect>()).Text, StringComparison.Ordinal);
        RunUntil(c, T0, T0.AddDays(4)); // no reply: timeout at day 1, content on day 3
        Assert.Equal(["source:live"], c.Of<AddTagEffect>().Select(t => t.Tag));
        Assert.Equal(2, c.Of<SendMessageEffect>().Count());

        c.Send(Ev.Purchase("o1", 199m), T0.AddDays(5));
        Assert.Single(c.Events.OfType<JourneyConverted>());
        Assert.Equal(ExitReasons.Goal, Assert.Single(c.Exits).Reason);
        RunUntil(c, T0.AddDays(5), T0.AddDays(10));
        Assert.Empty(c.Of<CreateTaskEffect>());
    }

    [Fact]
    public void The_holdout_gets_no_day3_content_and_no_task()
    {
        var c = new FakeCustomer(Welcome);
        c.Send(Added(id: AddedIdFor(null)), T0);
        RunUntil(c, T0, T0.AddDays(10));
        Assert.Single(c.Of<SendMessageEffect>()); // the welcome only
        Assert.Equal(ExitReasons.Holdout, Assert.Single(c.Exits).Reason);
    }
}
