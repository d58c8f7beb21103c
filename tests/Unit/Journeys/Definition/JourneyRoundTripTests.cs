using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

public sealed class JourneyRoundTripTests
{
    public static TheoryData<string> Names() => [.. JourneyExamples.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Serialized_definition_parses_back_to_the_same_text(string name)
    {
        var once = JourneyJson.Serialize(JourneyValidator.Validate(JourneyExamples.Json(name)).AssertValid());
        var twice = JourneyJson.Serialize(JourneyValidator.Validate(once).AssertValid());
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Round_trip_keeps_every_step_and_trigger()
    {
        var original = JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.Welcome)).AssertValid();
        var back = JourneyValidator.Validate(JourneyJson.Serialize(original)).AssertValid();
        Assert.Equal(original.Steps.Select(s => (s.Id, s.GetType())), back.Steps.Select(s => (s.Id, s.GetType())));
        Assert.Equal(original.Entry.GetType(), back.Entry.GetType());
        var wait = Assert.IsType<WaitStep>(back.Step("await-reply"));
        Assert.Equal((TimeSpan.FromDays(1), "until-day-3"), (wait.Timeout, wait.TimeoutNext));
        var split = Assert.IsType<SplitStep>(back.Step("day-3-split"));
        Assert.Equal(10, split.HoldoutPercent);
    }

    [Theory]
    [InlineData("36h", "1d12h")]
    [InlineData("90m", "1h30m")]
    [InlineData("3d", "3d")]
    public void Durations_are_written_in_canonical_form(string written, string canonical)
    {
        Assert.True(Durations.TryParse(written, out var d));
        Assert.Equal(canonical, Durations.Format(d));
    }
}
