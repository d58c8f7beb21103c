using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>An open welcome (欢迎语) window: the join that opened it, when (event time), and everyone who joined since.</summary>
[GenerateSerializer, Alias("pd.WelcomeWindow")]
public sealed class WelcomeWindow
{
    [Id(0)] public string FirstEventId { get; set; } = "";
    [Id(1)] public DateTimeOffset OpenedAt { get; set; }
    [Id(2)] public List<string> Customers { get; init; } = [];
}

/// <summary>
/// The welcome message on join, WeCom-style: joins within <see cref="MergeWindow"/> of the first (event time) are
/// welcomed together in one group message <c>@a @b {text}</c>, delivery id <c>welcome:{first join's event id}</c>. The
/// window is state, closed by the first later group event past it or by the group's durable wake-up at its end, so a
/// restart or a replay rebuilds the same window and the same delivery id (the outbox keeps the first). Pure.
/// </summary>
public static class WelcomeMessages
{
    public static readonly TimeSpan MergeWindow = TimeSpan.FromSeconds(30);
    public const int MaxNames = 50;

    /// <summary>A member joined: closes a window that is over, then opens one or joins the open one.</summary>
    public static void OnJoined(GroupState s, EngineEvent e, string tenantId, List<GrainEffect> effects)
    {
        if (e.CustomerId is not { } customer || string.IsNullOrWhiteSpace(s.WelcomeText)) return;
        var group = e.GroupId ?? "";
        Close(s, group, e.OccurredAt, tenantId, effects);
        if (s.PendingWelcome is { } open && open.Customers.Count < MaxNames)
        {
            if (!open.Customers.Contains(customer)) open.Customers.Add(customer);
            return;
        }
        if (s.PendingWelcome is not null) Close(s, group, e.OccurredAt, tenantId, effects, force: true);
        s.PendingWelcome = new WelcomeWindow { FirstEventId = e.Id, OpenedAt = e.OccurredAt, Customers = [customer] };
    }

    /// <summary>When the open window ends (its wake-up), or null.</summary>
    public static DateTimeOffset? DueAt(GroupState s) => s.PendingWelcome?.OpenedAt + MergeWindow;

    /// <summary>Sends the open window's welcome when it has ended by <paramref name="now"/> (or <paramref name="force"/>: a full window); nothing otherwise.</summary>
    public static void Close(GroupState s, string groupId, DateTimeOffset now, string tenantId, List<GrainEffect> effects, bool force = false)
    {
        if (s.PendingWelcome is not { } w || now < w.OpenedAt + MergeWindow && !force) return;
        s.PendingWelcome = null;
        if (s.OwnerPersonaId is not { } persona || string.IsNullOrWhiteSpace(s.WelcomeText)) return;
        var names = string.Join(" ", w.Customers.Where(c => s.Members.ContainsKey(c)).Select(c => "@" + c));
        if (names.Length == 0) return;
        effects.Add(GrainEffect.Enqueue(new OutboxMessage($"welcome:{w.FirstEventId}", tenantId, GroupModeration.Channel, persona, null,
            groupId, null, "text", $"{names} {s.WelcomeText}", w.OpenedAt + MergeWindow, OutboxStatus.Pending, null)));
    }
}
