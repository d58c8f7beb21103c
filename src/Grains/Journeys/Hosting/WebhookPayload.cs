using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Runtime;

namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>
/// The JSON body of a journey webhook (docs/journeys.md, "Outbound webhooks") and its outbox row. Built once, when
/// the effect is carried out, so every attempt posts the same bytes.
/// </summary>
public static class WebhookPayload
{
    public const string Type = "journey.webhook";

    /// <summary>
    /// The body: type, deliveryId, tenantId, journeyId, version, instanceId, stepId, customerId, occurredAt and
    /// entryData (the entering event's values the journey reads, keyed by path; null when it reads none or the
    /// instance has already ended).
    /// </summary>
    public static string Build(string tenantId, string customerId, WebhookEffect w, string? entryData)
    {
        var body = new JsonObject
        {
            ["type"] = Type,
            ["deliveryId"] = w.EffectId,
            ["tenantId"] = tenantId,
            ["journeyId"] = w.JourneyId,
            ["version"] = Version(w.PayloadJson),
            ["instanceId"] = w.InstanceId,
            ["stepId"] = w.StepId,
            ["customerId"] = customerId,
            ["occurredAt"] = w.At.ToUniversalTime(),
            ["entryData"] = entryData is null ? null : JsonNode.Parse(entryData),
        };
        return body.ToJsonString();
    }

    /// <summary>The pending outbox row that sends <paramref name="w"/>; its delivery id is the effect id, so a replay sends once.</summary>
    public static OutboxMessage Message(string tenantId, string customerId, string? personaId, WebhookEffect w, string? entryData, DateTimeOffset now) =>
        new(w.EffectId, tenantId, WebhookDelivery.Channel, personaId ?? "", customerId, null, null, WebhookDelivery.Channel,
            Build(tenantId, customerId, w, entryData), now, OutboxStatus.Pending, null, Target: w.Url, SecretName: w.SecretName);

    // The decider puts the pinned version in the effect's own payload; nothing else of the definition is needed.
    private static int? Version(string payloadJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(payloadJson);
            return doc.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32(out var version) ? version : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
