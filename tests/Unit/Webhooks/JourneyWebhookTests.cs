using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Hosting;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Grains.State;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Webhooks;

/// <summary>A journey's webhook action becomes one pending outbox row with the documented body.</summary>
public sealed class JourneyWebhookTests
{
    private static readonly IJourneyDefinitions Definitions = new JourneyDefinitionSet([Parse(Journey("crm",
        Action("src", new JsonObject { ["type"] = "set_property", ["property"] = "came_from", ["value"] = "{{event.data.source}}" }, "hook"),
        Action("hook", new JsonObject { ["type"] = "webhook", ["url"] = "https://crm.example/hooks/pd", ["secret"] = "crm-key" }, "later"),
        Wait("later", "1d", "done"),
        Exit()))]);

    private static IReadOnlyList<GrainEffect> Run(CustomerState s) =>
        CustomerJourneyRunner.Run(s, "t1", "c1", new EventArrived("ev:e1", Added("""{"source":"store_qr"}""", id: "e1")), Definitions, T0, CadencePolicy.Default);

    [Fact]
    public void Webhook_action_is_queued_on_the_webhook_channel_with_the_effect_id_as_delivery_id()
    {
        var state = new CustomerState { OwnerPersonaId = "p1" };

        var message = Assert.Single(Run(state), e => e.Kind == EffectKind.EnqueueOutbox).Message!;

        var instance = Assert.Single(state.Journeys.Instances);
        Assert.Equal($"{instance.InstanceId}:2:hook", message.DeliveryId);
        Assert.Equal(("t1", WebhookDelivery.Channel, "c1", OutboxStatus.Pending), (message.TenantId, message.Channel, message.CustomerId, message.Status));
        Assert.Equal(("https://crm.example/hooks/pd", "crm-key", 0), (message.Target, message.SecretName, message.Attempts));
        var body = JsonNode.Parse(message.Text)!;
        Assert.Equal(
            ["type", "deliveryId", "tenantId", "journeyId", "version", "instanceId", "stepId", "customerId", "occurredAt", "entryData"],
            body.AsObject().Select(p => p.Key));
        Assert.Equal(("journey.webhook", message.DeliveryId, "t1", "crm", 1), ((string?)body["type"], (string?)body["deliveryId"],
            (string?)body["tenantId"], (string?)body["journeyId"], (int)body["version"]!));
        Assert.Equal((instance.InstanceId, "hook", "c1", T0), ((string?)body["instanceId"], (string?)body["stepId"], (string?)body["customerId"],
            body["occurredAt"]!.GetValue<DateTimeOffset>()));
        Assert.Equal("store_qr", (string?)body["entryData"]!["data.source"]);
        Assert.Contains(state.Timeline, t => t.Summary == "Webhook to crm.example queued by journey crm");
    }

    [Fact]
    public void Running_the_same_event_again_queues_nothing_new()
    {
        var state = new CustomerState { OwnerPersonaId = "p1" };
        Run(state);

        Assert.DoesNotContain(Run(state), e => e.Kind == EffectKind.EnqueueOutbox);
    }
}
