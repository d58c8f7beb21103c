using PrivateDomain.Contracts;
using PrivateDomain.Grains.Campaigns;

namespace PrivateDomain.Tests.Unit.Campaigns;

/// <summary>Spec validation names the offending field; templates render known variables only.</summary>
public sealed class CampaignValidationTests
{
    private static readonly CampaignSpec Good = new("Sale", new CampaignAudience(GroupTags: ["mums"]), new CampaignMessage("text", "Hi {{customer.property.city}}"));

    private static string? Field(CampaignSpec spec)
    {
        try
        {
            CampaignValidation.Validate(spec, new CampaignOptions());
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.ParamName;
        }
    }

    [Fact]
    public void A_good_spec_passes()
    {
        Assert.Null(Field(Good));
        Assert.Null(Field(Good with { Schedule = new CampaignSchedule(LocalTime: "09:00"), ConversionWindow = TimeSpan.FromDays(7), Channel = "sms" }));
    }

    [Fact]
    public void Each_bad_field_is_named()
    {
        Assert.Equal("name", Field(Good with { Name = " " }));
        Assert.Equal("audience", Field(Good with { Audience = new CampaignAudience(PersonaIds: ["p1"]) }));
        Assert.Equal("audience.groupIds", Field(Good with { Audience = new CampaignAudience(GroupIds: ["bad/id"]) }));
        Assert.Equal("audience.segments", Field(Good with { Audience = new CampaignAudience(Segments: ["whales"]) }));
        Assert.Equal("message.kind", Field(Good with { Message = new CampaignMessage("video", "x") }));
        Assert.Equal("message.template", Field(Good with { Message = new CampaignMessage("text", "") }));
        Assert.Equal("message.template", Field(Good with { Message = new CampaignMessage("text", new string('x', 2_001)) }));
        Assert.Equal("message.template", Field(Good with { Message = new CampaignMessage("text", "Hi {{customer.phone}}") }));
        Assert.Equal("message.template", Field(Good with { Message = new CampaignMessage("text", "Hi {{customer.name") }));
        Assert.Equal("channel", Field(Good with { Channel = "we com" }));
        Assert.Equal("schedule.localTime", Field(Good with { Schedule = new CampaignSchedule(LocalTime: "9am") }));
        Assert.Equal("schedule.localTime", Field(Good with { Schedule = new CampaignSchedule(LocalTime: "24:00") }));
        Assert.Equal("conversionWindow", Field(Good with { ConversionWindow = TimeSpan.FromMinutes(30) }));
        Assert.Equal("conversionWindow", Field(Good with { ConversionWindow = TimeSpan.FromDays(91) }));
    }

    [Fact]
    public void Rendering_fills_known_values_and_falls_back_to_the_default_or_empty()
    {
        var values = new RecipientValues("Lin", null, "Xiao Wanzi", new Dictionary<string, string> { ["city"] = "Hangzhou" });

        Assert.Equal("Lin in Hangzhou, from Xiao Wanzi; group: ; size: M",
            CampaignTemplate.Render("{{customer.name}} in {{ customer.property.city }}, from {{persona.name}}; group: {{group.name}}; size: {{customer.property.size|M}}", values));
        Assert.False(CampaignTemplate.HasVariables("plain text"));
    }
}
