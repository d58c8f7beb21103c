using PrivateDomain.Grains.Cadence;

namespace PrivateDomain.Tests.Unit.Cadence;

public sealed class CadencePolicyJsonTests
{
    private static CadencePolicy Valid(string json)
    {
        var validation = CadencePolicyJson.Validate(json);
        Assert.True(validation.IsValid, string.Join("; ", validation.Problems));
        return validation.Policy!;
    }

    private static IReadOnlyList<string> Paths(string json) => CadencePolicyJson.Validate(json).Problems.Select(p => p.Path).ToList();

    [Fact]
    public void Default_policy_round_trips_through_its_canonical_json()
    {
        var json = CadencePolicyJson.Write(CadencePolicy.Default, 0);

        var parsed = Valid(json);

        Assert.Equal(CadencePolicy.Default.Caps, parsed.Caps);
        Assert.Equal(CadencePolicy.Default with { Caps = parsed.Caps }, parsed);
        Assert.Equal(json, CadencePolicyJson.Write(parsed, 0));
        Assert.Contains("\"quietHours\": {\n    \"start\": \"21:30\",\n    \"end\": \"08:30\"\n  }", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Caps_scope_to_channel_class_and_mass_messages_as_written()
    {
        var policy = Valid("""
            { "timezone": "America/New_York", "minGap": "1h", "maxDeferral": "3d",
              "quietHours": { "start": "22:00", "end": "07:00" },
              "caps": [
                { "name": "sms_7d", "max": 1, "window": "7d", "channel": "sms", "class": "marketing" },
                { "name": "service_day", "max": 5, "window": "1d", "class": "service" },
                { "name": "mass_week", "max": 2, "window": "7d", "massOnly": true },
                { "name": "any_hour", "max": 3, "window": "60m" } ] }
            """);

        Assert.Equal(
        [
            FrequencyCap.Marketing("sms_7d", 1, TimeSpan.FromDays(7), CadenceChannels.Sms),
            FrequencyCap.Service("service_day", 5, TimeSpan.FromDays(1)),
            FrequencyCap.Mass("mass_week", 2, TimeSpan.FromDays(7)),
            new FrequencyCap("any_hour", 3, TimeSpan.FromHours(1)),
        ], policy.Caps);
        Assert.Equal(("America/New_York", TimeSpan.FromHours(1), TimeSpan.FromDays(3), new QuietHours(new(22, 0), new(7, 0))),
            (policy.DefaultTimeZoneId, policy.MinGap, policy.MaxDeferral, policy.QuietHours));
    }

    [Fact]
    public void Omitted_fields_mean_no_quiet_hours_no_gap_a_day_of_deferral_and_Shanghai()
    {
        var policy = Valid("""{ "caps": [] }""");

        Assert.Equal((null, TimeSpan.Zero, TimeSpan.FromHours(24), "Asia/Shanghai", 0),
            (policy.QuietHours, policy.MinGap, policy.MaxDeferral, policy.DefaultTimeZoneId, policy.Caps.Count));
    }

    [Fact]
    public void Every_problem_is_named_by_its_json_path()
    {
        var paths = Paths("""
            { "timezone": "Mars/Olympus", "minGap": "soon", "maxDeferral": "500d", "colour": "red",
              "quietHours": { "start": "25:00", "end": "08:30", "days": [] },
              "caps": [
                { "name": "a", "max": 2, "window": "1d" },
                { "name": "a", "max": -1, "class": "spam", "massOnly": "yes" },
                "not a cap" ] }
            """);

        Assert.Equal(
        [
            "colour", "timezone", "quietHours.days", "quietHours.start", "minGap", "maxDeferral",
            "caps[1].name", "caps[1].max", "caps[1].window", "caps[1].class", "caps[1].massOnly", "caps[2]",
        ], paths);
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("[1, 2]", "$")]
    [InlineData("""{ "caps": {} }""", "caps")]
    [InlineData("""{ }""", "caps")]
    [InlineData("""{ "caps": [], "quietHours": { "start": "09:00", "end": "09:00" } }""", "quietHours.end")]
    [InlineData("""{ "caps": [], "version": -1 }""", "version")]
    [InlineData("""{ "caps": [ { "name": "x y", "max": 1, "window": "1d" } ] }""", "caps[0].name")]
    [InlineData("""{ "caps": [ { "name": "x", "max": 1, "window": "1d", "channel": "" } ] }""", "caps[0].channel")]
    public void A_malformed_policy_is_refused_at_the_path_of_its_problem(string json, string path)
    {
        var validation = CadencePolicyJson.Validate(json);

        Assert.False(validation.IsValid);
        Assert.Equal(path, Assert.Single(validation.Problems).Path);
    }

    [Fact]
    public void Too_many_caps_is_one_problem_on_the_array()
    {
        var caps = string.Join(",", Enumerable.Range(0, CadencePolicyJson.MaxCaps + 1).Select(i => $$"""{ "name": "c{{i}}", "max": 1, "window": "1d" }"""));

        Assert.Equal(["caps"], Paths($$"""{ "caps": [ {{caps}} ] }"""));
    }

    [Fact]
    public void Version_in_the_body_is_the_version_the_writer_expects_to_replace()
    {
        Assert.Equal(3, CadencePolicyJson.Validate("""{ "version": 3, "caps": [] }""").ExpectedVersion);
        Assert.Null(CadencePolicyJson.Validate("""{ "caps": [] }""").ExpectedVersion);
        Assert.Contains("\"version\": 7", CadencePolicyJson.Write(CadencePolicy.Default, 7));
    }
}
