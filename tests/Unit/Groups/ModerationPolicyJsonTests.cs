using PrivateDomain.Grains.Groups.Moderation;

namespace PrivateDomain.Tests.Unit.Groups;

public sealed class ModerationPolicyJsonTests
{
    [Fact]
    public void A_full_policy_parses_and_writes_back_canonically()
    {
        var v = ModerationPolicyJson.Validate("""
            { "sensitiveWords": ["加微信", { "word": "滚", "action": "remove" }],
              "links": { "allowDomains": ["Brand.com"], "allowWeChatArticles": true },
              "qrCodes": { "block": true }, "flood": { "maxMessages": 10, "windowSeconds": 30 },
              "newMembers": { "muteMinutes": 15 }, "escalation": { "steps": ["warn", "delete", "remove"], "windowHours": 48 } }
            """);

        var p = Assert.IsType<ModerationPolicy>(v.Policy);
        Assert.Equal(["加微信", "滚"], p.Words.Select(w => w.Word));
        Assert.Equal(ModerationAction.Remove, p.Words[1].Action);
        Assert.Equal((true, "brand.com", true, false), (p.BlockLinks, p.AllowedDomains.Single(), p.AllowWeChatArticles, p.AllowMiniPrograms));
        Assert.Equal((10, 30.0, 15.0, 48.0), (p.FloodMaxMessages, p.FloodWindow.TotalSeconds, p.NewMemberMute.TotalMinutes, p.StrikeWindow.TotalHours));
        var again = ModerationPolicyJson.Validate(ModerationPolicyJson.Write(p, 3));
        Assert.Equal(ModerationPolicyJson.Write(p, 3), ModerationPolicyJson.Write(again.Policy!, 3));
        Assert.Equal(3, again.ExpectedVersion);
    }

    [Fact]
    public void The_default_policy_round_trips()
    {
        var json = ModerationPolicyJson.Write(ModerationPolicy.Default, 0);

        var p = ModerationPolicyJson.Validate(json).Policy!;

        Assert.Equal((4, 60.0, false, false), (p.FloodMaxMessages, p.FloodWindow.TotalSeconds, p.BlockLinks, p.BlockQrCodes));
        Assert.Equal([ModerationAction.Warn], p.Steps);
    }

    [Theory]
    [InlineData("""{ "flood": { "maxMessages": 0, "windowSeconds": 60 } }""", "flood.maxMessages")]
    [InlineData("""{ "escalation": { "steps": ["warn", "ban"] } }""", "escalation.steps[1]")]
    [InlineData("""{ "escalation": { "steps": [] } }""", "escalation.steps")]
    [InlineData("""{ "links": { "allowDomains": ["not a domain"] } }""", "links.allowDomains[0]")]
    [InlineData("""{ "sensitiveWords": ["   "] }""", "sensitiveWords[0]")]
    [InlineData("""{ "sensitiveWords": [{ "word": "x", "action": "kick" }] }""", "sensitiveWords[0].action")]
    [InlineData("""{ "enabled": "yes" }""", "enabled")]
    [InlineData("""{ "surprise": 1 }""", "surprise")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{ nope""", "$")]
    public void Problems_are_named_by_path_and_no_policy_comes_out(string json, string path)
    {
        var v = ModerationPolicyJson.Validate(json);

        Assert.Null(v.Policy);
        Assert.Contains(v.Problems, p => p.Path == path);
    }
}
