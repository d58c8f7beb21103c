using System.Text.Json;
using PrivateDomain.Contracts;

namespace PrivateDomain.Gateway.Ingestion;

/// <summary>What each event type requires beyond the common fields.</summary>
public static class EventRules
{
    /// <summary>The longest delivery id a signal may name (campaign ids are <c>cmp:{campaignId}:c:{customerId}</c>).</summary>
    public const int MaxDeliveryIdLength = 256;

    public static void Check(string type, string? customerId, string? groupId, string? personaId, JsonElement data, EventProblems p)
    {
        switch (type)
        {
            case EventTypes.CustomerAdded:
            case EventTypes.CustomerRemoved:
                Require(customerId, "customerId", type, p);
                Require(personaId, "personaId", type, p);
                OptionalId(data, "agentId", p);
                OptionalId(data, "referredBy", p);
                OptionalString(data, "source", 64, p);
                break;
            case EventTypes.ChatMessage:
                Require(customerId, "customerId", type, p);
                if (personaId is null && groupId is null) p.Add("personaId", "A chat.message names a personaId (1:1) or a groupId (group chat).");
                RequiredString(data, "text", EventBatchParser.MaxTextLength, p);
                break;
            case EventTypes.PageView:
                Require(customerId, "customerId", type, p);
                OptionalString(data, "url", 2_000, p);
                OptionalString(data, "title", 200, p);
                break;
            case EventTypes.MaterialOpen:
                Require(customerId, "customerId", type, p);
                RequiredString(data, "materialId", 128, p);
                OptionalId(data, "sharedByAgentId", p);
                break;
            case EventTypes.Purchase:
                Require(customerId, "customerId", type, p);
                RequiredString(data, "orderId", 128, p);
                if (!data.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Number ||
                    !amount.TryGetDecimal(out var a) || a < 0)
                    p.Add("data.amount", "'data.amount' is required as a non-negative number.");
                if (data.TryGetProperty("currency", out var c) && (c.ValueKind != JsonValueKind.String || c.GetString()!.Length != 3))
                    p.Add("data.currency", "'data.currency' is an ISO 4217 code such as CNY.");
                break;
            case EventTypes.MemberJoined:
            case EventTypes.MemberLeft:
                Require(customerId, "customerId", type, p);
                Require(groupId, "groupId", type, p);
                break;
            case EventTypes.CustomerTagged:
                Require(customerId, "customerId", type, p);
                Tags(data, p);
                break;
            case EventTypes.MessageRead:
            case EventTypes.MessageClicked:
                Require(customerId, "customerId", type, p);
                RequiredString(data, "deliveryId", MaxDeliveryIdLength, p);
                break;
        }
    }

    private static void Require(string? value, string field, string type, EventProblems p)
    {
        if (value is null) p.Add(field, $"'{field}' is required for {type}.");
    }

    private static void RequiredString(JsonElement data, string name, int max, EventProblems p)
    {
        if (!data.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Length is 0 || v.GetString()!.Length > max)
            p.Add($"data.{name}", $"'data.{name}' is required as a string of 1–{max} characters.");
    }

    private static void OptionalString(JsonElement data, string name, int max, EventProblems p)
    {
        if (data.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null &&
            (v.ValueKind != JsonValueKind.String || v.GetString()!.Length > max))
            p.Add($"data.{name}", $"'data.{name}' must be a string of at most {max} characters.");
    }

    private static void OptionalId(JsonElement data, string name, EventProblems p)
    {
        if (data.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null &&
            (v.ValueKind != JsonValueKind.String || !TenantKey.IsValidId(v.GetString())))
            p.Add($"data.{name}", $"'data.{name}' must be a valid id.");
    }

    private static void Tags(JsonElement data, EventProblems p)
    {
        var ok = data.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() is > 0 and <= 100 &&
                 tags.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && t.GetString()!.Trim().Length is > 0 and <= 64);
        if (!ok) p.Add("data.tags", "'data.tags' is required as an array of 1–100 tags of 1–64 characters.");
    }
}
