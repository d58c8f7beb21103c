using PrivateDomain.Contracts;
using PrivateDomain.Grains.Groups.Sop;
using PrivateDomain.Grains.Groups.Moderation;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Domain;

/// <summary>Applies one event to a group's state and computes its activity figures. Pure.</summary>
public static class GroupProjection
{
    public const int RecentMessagesMax = 50;
    public const int HistoryMax = 500;
    public const int AlertsMax = 20;
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(7);

    /// <summary>Under the default moderation policy, a member's this-many-th message within <see cref="SpamWindow"/> is a flood offence (see Groups/Moderation).</summary>
    public const int SpamBurst = 5;
    public static readonly TimeSpan SpamWindow = TimeSpan.FromMinutes(1);

    /// <summary>A group with members and no activity for this long is dead: alerted once per silence (see <see cref="GroupSilence"/>).</summary>
    public static readonly TimeSpan DeadAfter = TimeSpan.FromDays(7);

    /// <summary>Applies one event; <paramref name="moderation"/> (null: the default policy) decides chat messages (see Groups/Moderation).</summary>
    public static IReadOnlyList<GrainEffect> Apply(GroupState s, EngineEvent e, GroupModerationContext? moderation = null)
    {
        var effects = new List<GrainEffect>();
        if (s.OwnerPersonaId is null && e.PersonaId is not null) s.OwnerPersonaId = e.PersonaId;
        var customer = e.CustomerId;
        switch (e.Type)
        {
            case EventTypes.MemberJoined when customer is not null:
                if (s.Members.ContainsKey(customer)) break;
                if (s.Members.Count >= s.SizeCap)
                {
                    s.RefusedJoins++;
                    s.History.AddBounded(new MembershipChange(customer, "refused_full", e.OccurredAt), HistoryMax);
                    Alert(s, e, effects, "full", $"{e.GroupId} is full ({s.SizeCap}); {customer} could not join");
                    break;
                }
                var admin = EventData.Parse(e.DataJson).String("role") == GroupRoles.Admin;
                s.Members[customer] = new MemberState { JoinedAt = e.OccurredAt, Role = admin ? GroupRoles.Admin : GroupRoles.Member };
                s.JoinsTotal++;
                s.History.AddBounded(new MembershipChange(customer, "joined", e.OccurredAt), HistoryMax);
                Touch(s, e);
                WelcomeMessages.OnJoined(s, e, moderation?.TenantId ?? "", effects);
                break;
            case EventTypes.MemberLeft when customer is not null:
                if (!s.Members.Remove(customer)) break;
                s.LeavesTotal++;
                s.History.AddBounded(new MembershipChange(customer, "left", e.OccurredAt), HistoryMax);
                break;
            case EventTypes.ChatMessage:
                var data = EventData.Parse(e.DataJson);
                var text = data.String("text") ?? "";
                s.MessagesTotal++;
                var hour = HourIndex(e.OccurredAt);
                s.MessagesPerHour[hour] = s.MessagesPerHour.GetValueOrDefault(hour) + 1;
                foreach (var old in s.MessagesPerHour.Keys.Where(h => h < hour - 48).ToList()) s.MessagesPerHour.Remove(old);
                if (customer is not null && s.Members.TryGetValue(customer, out var member))
                {
                    member.Messages++;
                    if (member.LastMessageAt is null || e.OccurredAt > member.LastMessageAt) member.LastMessageAt = e.OccurredAt;
                }
                var decision = GroupModeration.Decide(s, e, data, text, moderation);
                s.RecentMessages.AddBounded(new GroupMessage(e.Id, customer, Text.Clip(text, 500), e.OccurredAt, Deleted: GroupModeration.Deletes(decision)), RecentMessagesMax);
                Touch(s, e);
                Publish(s, e, effects, ConsoleItemKinds.GroupMessage, Text.Clip(text, 500));
                GroupModeration.Act(s, e, decision, moderation, effects);
                WelcomeMessages.Close(s, e.GroupId ?? "", e.OccurredAt, moderation?.TenantId ?? "", effects);
                effects.AddRange(GroupCheckins.Count(s, e, text));
                break;
        }
        return effects;
    }

    public static GroupActivity Activity(GroupState s, DateTimeOffset now)
    {
        var hour = HourIndex(now);
        var last24h = s.MessagesPerHour.Where(kv => kv.Key > hour - 24).Sum(kv => kv.Value);
        var active = s.Members.Values.Count(m => m.LastMessageAt is { } at && now - at <= ActiveWindow);
        return new GroupActivity(s.MessagesTotal, last24h, active, s.LastActivityAt, s.JoinsTotal, s.LeavesTotal, s.RefusedJoins);
    }

    /// <summary>
    /// The stored alerts, newest first, after the dead-group alert of a silence that is due but not yet woken for
    /// (the wake-up stores it; until then it is computed, so a read never misses it and never shows it twice).
    /// </summary>
    public static IReadOnlyList<GroupAlertView> Alerts(GroupState s, DateTimeOffset now)
    {
        var alerts = new List<GroupAlertView>();
        if (GroupSilence.Due(s, now) is { } dead) alerts.Add(dead);
        alerts.AddRange(s.Alerts.AsEnumerable().Reverse());
        return alerts;
    }

    /// <summary>
    /// On the group's wake-up: stores the dead-group alert when the current silence is due one, marks that silence
    /// alerted (new activity re-arms) and returns the owner persona's feed item; nothing when not due or already alerted.
    /// </summary>
    public static IReadOnlyList<GrainEffect> AlertIfDead(GroupState s, string groupId, DateTimeOffset now)
    {
        if (GroupSilence.Due(s, now) is not { } alert || s.LastActivityAt is not { } last) return [];
        s.DeadAlertedFor = last;
        s.Alerts.AddBounded(alert, AlertsMax);
        if (s.OwnerPersonaId is not { } persona) return [];
        return [GrainEffect.Publish(persona, new ConsoleItem(0, ConsoleItemKinds.GroupAlert, alert.At, null, groupId, persona, null,
            alert.Text, GroupSilence.EventId(groupId, last)))];
    }

    /// <summary>
    /// Records a message the persona posted (once per delivery id) and returns the feed item that tells every console
    /// of the persona; the feed drops a repeat of the same item.
    /// </summary>
    public static ConsoleItem RecordPost(GroupState s, OutboxMessage posted)
    {
        if (!s.RecentMessages.Exists(m => m.EventId == posted.DeliveryId))
            s.RecentMessages.AddBounded(new GroupMessage(posted.DeliveryId, null, Text.Clip(posted.Text, 500), posted.CreatedAt, posted.AgentId), RecentMessagesMax);
        return new ConsoleItem(0, ConsoleItemKinds.GroupPost, posted.CreatedAt, null, posted.GroupId, posted.PersonaId, posted.AgentId,
            Text.Clip(posted.Text, 2000), posted.DeliveryId);
    }

    private static void Alert(GroupState s, EngineEvent e, List<GrainEffect> effects, string kind, string text)
    {
        s.Alerts.AddBounded(new GroupAlertView(kind, text, e.OccurredAt, e.CustomerId), AlertsMax);
        Publish(s, e, effects, ConsoleItemKinds.GroupAlert, text);
    }

    private static long HourIndex(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;

    private static void Touch(GroupState s, EngineEvent e)
    {
        if (s.LastActivityAt is null || e.OccurredAt > s.LastActivityAt) s.LastActivityAt = e.OccurredAt;
    }

    private static void Publish(GroupState s, EngineEvent e, List<GrainEffect> effects, string kind, string text)
    {
        if (s.OwnerPersonaId is { } persona)
            effects.Add(GrainEffect.Publish(persona, new ConsoleItem(0, kind, e.OccurredAt, e.CustomerId, e.GroupId, persona, null, text, e.Id)));
    }
}
