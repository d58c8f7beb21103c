using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Domain;

/// <summary>Applies one event to a customer's state and says which effects follow. Pure.</summary>
public static class CustomerProjection
{
    public const int TimelineMax = 200;
    private const int RecentOrdersMax = 100;

    public static IReadOnlyList<GrainEffect> Apply(CustomerState s, EngineEvent e)
    {
        var data = EventData.Parse(e.DataJson);
        var effects = new List<GrainEffect>();
        string? summary = null;
        switch (e.Type)
        {
            case EventTypes.CustomerAdded:
                s.Known = true;
                s.RemovedAt = null;
                s.AddedAt ??= e.OccurredAt;
                s.OwnerPersonaId = SharedStrings.ShareOrNull(e.PersonaId) ?? s.OwnerPersonaId;
                s.SourceChannel = SharedStrings.ShareOrNull(data.String("source")) ?? s.SourceChannel;
                s.ReferredBy = data.String("referredBy") ?? s.ReferredBy;
                foreach (var (k, v) in data.Map("identities")) s.Identities[SharedStrings.Share(k)] = v;
                foreach (var (k, v) in data.Map("properties")) s.Properties[SharedStrings.Share(k)] = v;
                AddTags(s, data.Strings("tags"));
                summary = SharedStrings.Share($"Added as a friend of {e.PersonaId ?? "a persona"} via {s.SourceChannel ?? "unknown"}");
                break;
            case EventTypes.CustomerRemoved:
                s.RemovedAt = e.OccurredAt;
                summary = $"Deleted {e.PersonaId ?? "the persona"}";
                break;
            case EventTypes.CustomerTagged:
                AddTags(s, data.Strings("tags").Concat(data.Strings("tag")));
                foreach (var t in data.Strings("removeTags")) s.Tags.Remove(t);
                summary = $"Tagged {string.Join(", ", data.Strings("tags").Concat(data.Strings("tag")))}";
                UpdatedEffect(s, e, effects, summary);
                break;
            case EventTypes.ChatMessage:
                Touch(s, e);
                summary = e.GroupId is null
                    ? $"Said: {Text.Clip(data.String("text"), 120)}"
                    : $"Said in {e.GroupId}: {Text.Clip(data.String("text"), 120)}";
                break;
            case EventTypes.PageView:
                Touch(s, e);
                summary = $"Viewed {Text.Clip(data.String("title") ?? data.String("url") ?? "a page", 120)}";
                break;
            case EventTypes.MaterialOpen:
                Touch(s, e);
                var material = data.String("materialId") ?? "material";
                var sharer = data.String("sharedByAgentId");
                summary = $"Opened {material}" + (sharer is null ? "" : $" shared by {sharer}");
                if (sharer is not null)
                {
                    effects.Add(GrainEffect.Notify(sharer, Item(ConsoleItemKinds.MaterialRadar, e, s,
                        $"{e.CustomerId} opened {material} that you shared", sharer)));
                }
                break;
            case EventTypes.Purchase:
                Touch(s, e);
                summary = ApplyPurchase(s, e, data);
                if (summary is null) break;
                UpdatedEffect(s, e, effects, summary);
                // The store attributes it to a campaign delivery at most once per order (a replay repeats this effect).
                if (e.CustomerId is { } buyer)
                    effects.Add(GrainEffect.Campaign(CampaignOutcome.OfPurchase(buyer, data.String("orderId") ?? e.Id, data.Decimal("amount") ?? 0m, e.OccurredAt)));
                break;
            case EventTypes.MessageRead:
            case EventTypes.MessageClicked:
                Touch(s, e);
                var read = e.Type == EventTypes.MessageRead;
                if (data.String("deliveryId") is not { } delivery || e.CustomerId is not { } reader) break;
                summary = $"{(read ? "Read" : "Clicked")} message {Text.Clip(delivery, 120)}";
                effects.Add(GrainEffect.Campaign(CampaignOutcome.OfSignal(reader, read ? CampaignSignal.Read : CampaignSignal.Clicked, delivery, e.OccurredAt)));
                break;
            case EventTypes.MemberJoined:
                summary = $"Joined group {e.GroupId}";
                break;
            case EventTypes.MemberLeft:
                summary = $"Left group {e.GroupId}";
                break;
        }
        if (summary is not null) s.Timeline.AddBounded(new TimelineEntry(e.OccurredAt, SharedStrings.Share(e.Type), summary, e.Id), TimelineMax);
        return effects;
    }

    private static string? ApplyPurchase(CustomerState s, EngineEvent e, EventData data)
    {
        var orderId = data.String("orderId");
        // The same order reported under two event ids (e.g. by two channels) counts once.
        if (orderId is not null && s.RecentOrderIds.Contains(orderId)) return null;
        if (orderId is not null) s.RecentOrderIds.AddBounded(orderId, RecentOrdersMax);
        var amount = data.Decimal("amount") ?? 0m;
        s.PurchaseCount++;
        s.PurchaseTotal += amount;
        if (s.LastPurchaseAt is null || e.OccurredAt > s.LastPurchaseAt) s.LastPurchaseAt = e.OccurredAt;
        return $"Bought {amount:0.##} {data.String("currency") ?? ""}".TrimEnd() + (orderId is null ? "" : $" (order {orderId})");
    }

    private static void Touch(CustomerState s, EngineEvent e)
    {
        if (s.LastActiveAt is null || e.OccurredAt > s.LastActiveAt) s.LastActiveAt = e.OccurredAt;
    }

    private static void AddTags(CustomerState s, IEnumerable<string> tags)
    {
        foreach (var t in tags)
        {
            if (t.Length > 0 && !s.Tags.Contains(t)) s.Tags.Add(SharedStrings.Share(t));
        }
    }

    private static void UpdatedEffect(CustomerState s, EngineEvent e, List<GrainEffect> effects, string summary)
    {
        if (s.OwnerPersonaId is { } persona)
            effects.Add(GrainEffect.Publish(persona, Item(ConsoleItemKinds.CustomerUpdated, e, s, summary, s.OwnerAgentId)));
    }

    private static ConsoleItem Item(string kind, EngineEvent e, CustomerState s, string text, string? agentId) =>
        new(0, kind, e.OccurredAt, e.CustomerId, e.GroupId, e.PersonaId ?? s.OwnerPersonaId, agentId, text, e.Id);
}
