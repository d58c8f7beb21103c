namespace PrivateDomain.Contracts;

/// <summary>
/// A group's own posting limits, shared by SOP, campaign and persona posts: at most <see cref="MaxPostsPerDay"/> per
/// local day, none in the quiet hours (<see cref="QuietStart"/>–<see cref="QuietEnd"/>, "HH:mm", equal = none), at least
/// <see cref="MinGapMinutes"/> apart, all in <see cref="TimeZone"/> (IANA). A post is deferred at most
/// <see cref="MaxDeferralHours"/>; past that it is refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.GroupCadenceSettings")]
public sealed record GroupCadenceSettings(
    [property: Id(0)] int MaxPostsPerDay = 3,
    [property: Id(1)] string QuietStart = "22:00",
    [property: Id(2)] string QuietEnd = "08:00",
    [property: Id(3)] string TimeZone = "Asia/Shanghai",
    [property: Id(4)] int MinGapMinutes = 30,
    [property: Id(5)] int MaxDeferralHours = 24)
{
    public static GroupCadenceSettings Default { get; } = new();
}

/// <summary>The kinds of SOP item: a daily topic, a check-in (打卡) opening, a piece of content.</summary>
public static class SopKinds
{
    public const string Topic = "topic";
    public const string Checkin = "checkin";
    public const string Content = "content";
    public static readonly IReadOnlyList<string> All = [Topic, Checkin, Content];
}

/// <summary>A check-in streak reward: reaching <see cref="Days"/> consecutive days sends the member <see cref="Text"/> 1:1.</summary>
[GenerateSerializer, Immutable, Alias("pd.SopReward")]
public sealed record SopReward([property: Id(0)] int Days, [property: Id(1)] string Text);

/// <summary>
/// One SOP (社群SOP) item: posted as the group's persona at <see cref="Schedule"/> ("HH:mm" daily, "Mon HH:mm" weekly) in
/// the group's time zone, between the optional start and end dates. A check-in item opens that day's check-in: a member
/// message containing <see cref="Keyword"/> counts once per day, and consecutive days earn the <see cref="Rewards"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.SopItem")]
public sealed record SopItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Text,
    [property: Id(3)] string Schedule,
    [property: Id(4)] DateOnly? StartDate = null,
    [property: Id(5)] DateOnly? EndDate = null,
    [property: Id(6)] string? Keyword = null,
    [property: Id(7)] IReadOnlyList<SopReward>? Rewards = null);

/// <summary>A group's SOP items and cadence, and when the next item is due.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupSopView")]
public sealed record GroupSopView(
    [property: Id(0)] string GroupId,
    [property: Id(1)] IReadOnlyList<SopItem> Items,
    [property: Id(2)] GroupCadenceSettings Cadence,
    [property: Id(3)] DateTimeOffset? NextDueAt);

/// <summary>A member's check-in standing for one check-in item: current streak, total check-ins, last local day.</summary>
[GenerateSerializer, Immutable, Alias("pd.CheckinStreakView")]
public sealed record CheckinStreakView(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] int Streak,
    [property: Id(3)] int Total,
    [property: Id(4)] DateOnly LastDay);

/// <summary>Why a group refused a campaign post (<see cref="Grains.GroupCampaignSlot.Reason"/>; empty when allowed).</summary>
public static class GroupCampaignReasons
{
    public const string NoOwner = "no_owner";
    public const string NoMembers = "no_members";
    public const string CapReached = "cap_reached";
}
