namespace PrivateDomain.Contracts;

/// <summary>
/// Who a campaign reaches. Groups: listed ids, every group of the listed live-code pools, and groups carrying any of
/// <see cref="GroupTags"/> — each gets one post (its members are the recipients it reaches). Customers: listed ids and
/// customers carrying any of <see cref="CustomerTags"/> or in any of the RFM <see cref="Segments"/> — each gets one
/// 1:1 message from its owning persona. <see cref="PersonaIds"/>, when given, keeps only groups and customers those
/// personas own. A customer already reached through a targeted group's post is not sent the 1:1 message too.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignAudience")]
public sealed record CampaignAudience(
    [property: Id(0)] IReadOnlyList<string>? GroupIds = null,
    [property: Id(1)] IReadOnlyList<string>? PoolIds = null,
    [property: Id(2)] IReadOnlyList<string>? GroupTags = null,
    [property: Id(3)] IReadOnlyList<string>? CustomerIds = null,
    [property: Id(4)] IReadOnlyList<string>? CustomerTags = null,
    [property: Id(5)] IReadOnlyList<string>? Segments = null,
    [property: Id(6)] IReadOnlyList<string>? PersonaIds = null);

/// <summary>
/// What a campaign sends: <see cref="Kind"/> (text, image, link, material) and a template with per-recipient
/// variables (<c>{{customer.name}}</c>, <c>{{customer.property.X}}</c>, <c>{{group.name}}</c>, <c>{{persona.name}}</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignMessage")]
public sealed record CampaignMessage(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Template);

/// <summary>
/// When it goes out: at <see cref="At"/> (null: now); or, with <see cref="LocalTime"/> ("HH:mm"), at that time of day in
/// each recipient's own time zone on or after <see cref="At"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignSchedule")]
public sealed record CampaignSchedule(
    [property: Id(0)] DateTimeOffset? At = null,
    [property: Id(1)] string? LocalTime = null);

/// <summary>
/// A campaign (群发) as an operator defines it. <see cref="Channel"/> is the outbox channel (default wecom, where each
/// owning agent confirms a mass-send task before it goes out; channels in <c>Campaigns:DirectChannels</c> send without
/// confirmation). Purchases within <see cref="ConversionWindow"/> after a recipient's delivery are attributed to it.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignSpec")]
public sealed record CampaignSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] CampaignAudience Audience,
    [property: Id(2)] CampaignMessage Message,
    [property: Id(3)] CampaignSchedule? Schedule = null,
    [property: Id(4)] string? Channel = null,
    [property: Id(5)] TimeSpan? ConversionWindow = null);

/// <summary>A campaign's lifecycle.</summary>
public static class CampaignStates
{
    public const string Scheduled = "scheduled";
    public const string Planning = "planning";
    public const string Sending = "sending";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
}

/// <summary>
/// One owning agent's (or, with no agent, one persona's) confirmation task for a confirm-first channel: its deliveries
/// wait in the outbox as <c>held</c> until confirmed.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignTaskView")]
public sealed record CampaignTaskView(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string PersonaId,
    [property: Id(2)] string? AgentId,
    [property: Id(3)] int Deliveries,
    [property: Id(4)] string State,
    [property: Id(5)] int RemindersSent,
    [property: Id(6)] DateTimeOffset? ConfirmedAt,
    [property: Id(7)] string? ConfirmedBy);

/// <summary>Task states.</summary>
public static class CampaignTaskStates
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Expired = "expired";
}

/// <summary>
/// Delivery and outcome counts. Deliveries are outbox messages (one per group post, one per 1:1 customer); recipients
/// are the customers they reach (a group post's members). Skipped: over the monthly receive quota, or already reached.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignCounts")]
public sealed record CampaignCounts(
    [property: Id(0)] long Deliveries,
    [property: Id(1)] long Recipients,
    [property: Id(2)] long SkippedQuota,
    [property: Id(3)] long SkippedDuplicate,
    [property: Id(4)] long Held,
    [property: Id(5)] long Queued,
    [property: Id(6)] long Paused,
    [property: Id(7)] long Sent,
    [property: Id(8)] long Failed,
    [property: Id(9)] long Cancelled,
    [property: Id(10)] long Reached,
    [property: Id(11)] long Read,
    [property: Id(12)] long Clicked,
    [property: Id(13)] long Converted,
    [property: Id(14)] decimal Revenue)
{
    public static CampaignCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m);
}

/// <summary>One group's results within a campaign.</summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignGroupResult")]
public sealed record CampaignGroupResult(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string Status,
    [property: Id(2)] long Members,
    [property: Id(3)] long Read,
    [property: Id(4)] long Clicked,
    [property: Id(5)] long Converted,
    [property: Id(6)] decimal Revenue);

/// <summary>A campaign as operators and consoles see it.</summary>
[GenerateSerializer, Immutable, Alias("pd.CampaignView")]
public sealed record CampaignView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] CampaignSpec Spec,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? PlannedAt,
    [property: Id(6)] CampaignCounts Counts,
    [property: Id(7)] IReadOnlyList<CampaignTaskView> Tasks,
    [property: Id(8)] string? Detail);
