using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Groups;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Grains.State;
using PrivateDomain.Silo.Channels.Webhooks;

namespace PrivateDomain.Tests.Unit.Journeys.Hosting;

public sealed class CustomerOutcomesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CustomerState Customer(string? persona = "p1", string? agent = null) =>
        new() { Known = true, AppliedSequence = 3, OwnerPersonaId = persona, OwnerAgentId = agent };

    [Fact]
    public void An_outcome_is_recorded_once_however_often_it_is_reported()
    {
        var s = Customer();
        var outcome = new CustomerOutcome("e1:pool", Now, "Invited to group Fans", Failed: false);

        var first = CustomerOutcomes.Record(s, "c1", outcome);
        var again = CustomerOutcomes.Record(s, "c1", outcome with { At = Now.AddMinutes(1) });

        Assert.Empty(first!);
        Assert.Null(again);
        var entry = Assert.Single(s.Timeline);
        Assert.Equal((Now, CustomerOutcomes.Outcome, "Invited to group Fans", "e1:pool"), (entry.At, entry.Kind, entry.Summary, entry.EventId));
    }

    [Fact]
    public void A_failure_goes_to_the_owning_agent_before_the_persona_and_to_nobody_without_an_owner()
    {
        var failed = new CustomerOutcome("d1:webhook-failed", Now, "Webhook to crm.test failed", Failed: true);
        var toAgent = CustomerOutcomes.Record(Customer("p1", "a1"), "c1", failed)!;
        var toPersona = CustomerOutcomes.Record(Customer("p1"), "c1", failed)!;
        var orphan = Customer(null);
        var toNobody = CustomerOutcomes.Record(orphan, "c1", failed)!;

        var notify = Assert.Single(toAgent);
        Assert.Equal((EffectKind.NotifyAgent, "a1"), (notify.Kind, notify.TargetId));
        Assert.Equal((CustomerOutcomes.Failed, "c1", "d1:webhook-failed"), (notify.Item!.Kind, notify.Item.CustomerId, notify.Item.EventId));
        var publish = Assert.Single(toPersona);
        Assert.Equal((EffectKind.PublishToPersona, "p1"), (publish.Kind, publish.TargetId));
        Assert.Empty(toNobody);
        Assert.Equal(CustomerOutcomes.Failed, Assert.Single(orphan.Timeline).Kind);
    }

    [Fact]
    public void A_customer_never_seen_gets_no_state()
    {
        var s = new CustomerState();

        Assert.Null(CustomerOutcomes.Record(s, "ghost", new CustomerOutcome("e1:pool", Now, "x", true)));
        Assert.Empty(s.Timeline);
    }

    [Fact]
    public void The_timeline_stays_bounded()
    {
        var s = Customer();
        for (var i = 0; i < CustomerProjection.TimelineMax + 5; i++)
            CustomerOutcomes.Record(s, "c1", new CustomerOutcome($"e{i}:pool", Now, $"outcome {i}", false));

        Assert.Equal(CustomerProjection.TimelineMax, s.Timeline.Count);
        Assert.Equal("e5:pool", s.Timeline[0].EventId);
    }

    [Fact]
    public void Pool_outcomes_name_the_group_and_code_or_say_why_not()
    {
        var r = new PoolRouteRequest("j1:i1:join", "c1", [], "p1", null, Now);
        var group = new PoolGroup { Id = "skin", Name = "Skincare", CodeId = "code-1" };

        var reserved = PoolOutcomes.For("fans", "Fans", r, PoolOutcome.Reserved, group, false, Now);
        var full = PoolOutcomes.For("fans", "Fans", r, PoolOutcome.Full, null, true, Now);
        var none = PoolOutcomes.For("nope", null, r, PoolOutcome.NoPool, null, false, Now);

        Assert.Equal(("j1:i1:join:pool", false), (reserved.Id, reserved.Failed));
        Assert.Equal("Invited to group Skincare (skin, live code code-1) of pool Fans (fans); seat reserved", reserved.Summary);
        Assert.Equal(("Not added to a group of pool Fans (fans): every group is full; the pool owner's console was alerted", true), (full.Summary, full.Failed));
        Assert.Equal(("Not added to a group: there is no pool nope", true), (none.Summary, none.Failed));
    }

    [Fact]
    public void A_failed_webhook_names_the_host_the_error_and_the_delivery()
    {
        var message = new OutboxMessage("j1:i1:hook", "t1", WebhookDelivery.Channel, "p1", "c1", null, null, WebhookDelivery.Channel, "{}", Now,
            OutboxStatus.Failed, null, Target: "https://crm.example.test/hooks/pd", SecretName: "crm");

        var outcome = WebhookOutcomes.Failed(message, "gave up after 5 attempts: HTTP 503", Now);

        Assert.Equal(("j1:i1:hook:webhook-failed", true), (outcome.Id, outcome.Failed));
        Assert.Equal("Webhook to crm.example.test failed for good: gave up after 5 attempts: HTTP 503 (delivery j1:i1:hook)", outcome.Summary);
    }
}
