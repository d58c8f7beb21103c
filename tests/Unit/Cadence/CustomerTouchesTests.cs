using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.State;
using static PrivateDomain.Tests.Unit.Cadence.CadenceKit;

namespace PrivateDomain.Tests.Unit.Cadence;

/// <summary>Touch requests (campaigns, SOPs, mass-sends) carried through a customer's state, with no grain around them.</summary>
public sealed class CustomerTouchesTests
{
    private static readonly CadencePolicy Policy = new()
    {
        Caps = [FrequencyCap.Marketing("marketing_24h", 1, TimeSpan.FromHours(24))],
        QuietHours = new QuietHours(new TimeOnly(21, 30), new TimeOnly(8, 30)),
        MaxDeferral = TimeSpan.FromHours(2),
    };

    private static CustomerState Owned() => new() { OwnerPersonaId = "p1", OwnerAgentId = "a1" };

    private static TouchRequest Request(string id, TouchMessageClass @class = TouchMessageClass.Marketing, string channel = CadenceChannels.WeComDirect) =>
        new(id, TouchSender.Campaign, "spring-sale", channel, @class, IsMass: true, new TouchMessage("text", "Spring sale: 20% off."));

    private static TouchAnswer Ask(CustomerState s, TouchRequest r, DateTimeOffset now, List<GrainEffect> effects) =>
        CustomerTouches.Request(s, "t1", "c1", r, Policy, now, effects);

    [Fact]
    public void Sent_touch_becomes_an_outbox_row_under_its_touch_id_and_a_timeline_entry()
    {
        var s = Owned();
        var effects = new List<GrainEffect>();

        var answer = Ask(s, Request("spring:c1"), Sh(3, 2, 10), effects);

        Assert.Equal((TouchOutcome.Sent, "allowed", false), (answer.Outcome, answer.Reason, answer.Repeated));
        var row = Assert.Single(effects).Message!;
        Assert.Equal(("spring:c1", "t1", "wecom", "p1", "c1", "a1", "text", "Spring sale: 20% off.", OutboxStatus.Pending),
            (row.DeliveryId, row.TenantId, row.Channel, row.PersonaId, row.CustomerId, row.AgentId, row.Kind, row.Text, row.Status));
        var entry = Assert.Single(s.Cadence.History);
        Assert.Equal(("Campaign spring-sale", true), (entry.Touch.Source.ToString(), entry.Touch.IsMass));
        Assert.Contains(s.Timeline, t => t.Kind == "cadence" && t.EventId == "spring:c1" && t.Summary.Contains("Campaign spring-sale"));
    }

    [Fact]
    public void Quiet_hours_keep_the_message_until_the_release_sends_it()
    {
        var s = Owned();
        var effects = new List<GrainEffect>();

        var answer = Ask(s, Request("night:c1") with { MaxDeferral = TimeSpan.FromHours(12) }, Sh(3, 2, 23), effects);

        Assert.Equal((TouchOutcome.Deferred, "quiet_hours", (DateTimeOffset?)Sh(3, 3, 8, 30)), (answer.Outcome, answer.Reason, answer.Until));
        Assert.Empty(effects);
        Assert.Equal("Spring sale: 20% off.", s.DeferredTouchMessages["night:c1"].Text);
        Assert.Equal(Sh(3, 3, 8, 30), s.Cadence.NextDueAt);

        var due = Assert.Single(CadenceLedger.DueDeferred(s.Cadence, Sh(3, 3, 8, 30)));
        CustomerTouches.Release(s, "t1", "c1", due, s.DeferredTouchMessages[due.Id], Policy, Sh(3, 3, 8, 30), effects);

        Assert.Equal("night:c1", Assert.Single(effects).Message!.DeliveryId);
        Assert.Empty(s.DeferredTouchMessages);
        Assert.Null(s.Cadence.NextDueAt);
    }

    [Fact]
    public void Repeated_request_is_answered_with_the_first_decision_and_changes_nothing()
    {
        var s = Owned();
        var effects = new List<GrainEffect>();
        var first = Ask(s, Request("r:c1"), Sh(3, 2, 10), effects);
        var history = s.Cadence.History.Count;

        var again = Ask(s, Request("r:c1"), Sh(3, 2, 11), effects);

        Assert.Equal((first.Outcome, first.Reason, first.DecidedAt, true), (again.Outcome, again.Reason, again.DecidedAt, again.Repeated));
        Assert.Single(effects);
        Assert.Equal(history, s.Cadence.History.Count);
    }

    [Fact]
    public void Service_request_bypasses_the_marketing_cap_that_skips_the_next_marketing_one()
    {
        var s = Owned();
        var effects = new List<GrainEffect>();
        Ask(s, Request("m1:c1"), Sh(3, 2, 10), effects);

        var service = Ask(s, Request("s1:c1", TouchMessageClass.Service), Sh(3, 2, 11), effects);
        var marketing = Ask(s, Request("m2:c1"), Sh(3, 2, 12), effects);

        Assert.Equal(TouchOutcome.Sent, service.Outcome);
        Assert.Equal((TouchOutcome.Skipped, "cap_reached", "marketing_24h"), (marketing.Outcome, marketing.Reason, marketing.Detail));
        Assert.Equal(["m1:c1", "s1:c1"], effects.Select(e => e.Message!.DeliveryId));
    }

    [Fact]
    public void Customer_without_a_persona_is_skipped_and_says_why()
    {
        var s = new CustomerState();
        var effects = new List<GrainEffect>();

        var answer = Ask(s, Request("x:c1"), Sh(3, 2, 10), effects);

        Assert.Equal((TouchOutcome.Skipped, CadenceReasons.NoPersona), (answer.Outcome, answer.Reason));
        Assert.Empty(effects);
        Assert.Equal(CadenceReasons.NoPersona, Assert.Single(s.Cadence.History).Decision.Reason);
    }

    [Fact]
    public void Sms_touches_go_to_the_sms_outbox_channel()
    {
        var s = Owned();
        var effects = new List<GrainEffect>();

        Ask(s, Request("sms:c1", channel: CadenceChannels.Sms), Sh(3, 2, 10), effects);

        Assert.Equal("sms", Assert.Single(effects).Message!.Channel);
    }

    [Theory]
    [InlineData("", "touchId")]
    [InlineData("bad id", "touchId")]
    public void Malformed_touch_id_is_named(string touchId, string field) =>
        Assert.Equal(field, TouchRequests.Problem(Request("ok") with { TouchId = touchId })?.Field);

    [Fact]
    public void Malformed_requests_name_the_field_at_fault()
    {
        var ok = Request("ok");
        Assert.Null(TouchRequests.Problem(ok));
        Assert.Equal("sourceId", TouchRequests.Problem(ok with { SourceId = "" })?.Field);
        Assert.Equal("sender", TouchRequests.Problem(ok with { Sender = (TouchSender)0 })?.Field);
        Assert.Equal("message.text", TouchRequests.Problem(ok with { Message = ok.Message with { Text = " " } })?.Field);
        Assert.Equal("message.personaId", TouchRequests.Problem(ok with { Message = ok.Message with { PersonaId = "a b" } })?.Field);
        Assert.Equal("maxDeferral", TouchRequests.Problem(ok with { MaxDeferral = TimeSpan.Zero })?.Field);
        Assert.Throws<ArgumentException>(() => TouchRequests.ThrowIfInvalid(ok with { Channel = "" }));
    }
}
