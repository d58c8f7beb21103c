namespace PrivateDomain.Contracts;

/// <summary>One line of a customer's behaviour timeline (轨迹).</summary>
[GenerateSerializer, Immutable, Alias("pd.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Summary,
    [property: Id(3)] string? EventId);

/// <summary>Recency, frequency, monetary figures and their 1–5 scores.</summary>
[GenerateSerializer, Immutable, Alias("pd.RfmFigures")]
public sealed record RfmFigures(
    [property: Id(0)] int? RecencyDays,
    [property: Id(1)] int Frequency,
    [property: Id(2)] decimal Monetary,
    [property: Id(3)] int RecencyScore,
    [property: Id(4)] int FrequencyScore,
    [property: Id(5)] int MonetaryScore,
    [property: Id(6)] string Segment);

/// <summary>The customer 360 as the API and the console show it.</summary>
[GenerateSerializer, Immutable, Alias("pd.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] bool Known,
    [property: Id(3)] IReadOnlyDictionary<string, string> Identities,
    [property: Id(4)] IReadOnlyList<string> Tags,
    [property: Id(5)] IReadOnlyDictionary<string, string> Properties,
    [property: Id(6)] string? OwnerPersonaId,
    [property: Id(7)] string? OwnerAgentId,
    [property: Id(8)] string? SourceChannel,
    [property: Id(9)] string? ReferredBy,
    [property: Id(10)] string LifecycleStage,
    [property: Id(11)] RfmFigures Rfm,
    [property: Id(12)] decimal Ltv,
    [property: Id(13)] DateTimeOffset? AddedAt,
    [property: Id(14)] DateTimeOffset? LastActiveAt,
    [property: Id(15)] IReadOnlyList<TimelineEntry> Timeline,
    [property: Id(16)] long AppliedSequence,
    [property: Id(17)] IReadOnlyList<CustomerJourneyView> Journeys,
    [property: Id(18)] IReadOnlyList<CadenceDecisionView> Cadence);

/// <summary>A journey the customer is in: the version it entered, where it is, and until when it waits (null: not waiting).</summary>
[GenerateSerializer, Immutable, Alias("pd.CustomerJourneyView")]
public sealed record CustomerJourneyView(
    [property: Id(0)] string JourneyId,
    [property: Id(1)] int Version,
    [property: Id(2)] string StepId,
    [property: Id(3)] DateTimeOffset EnteredAt,
    [property: Id(4)] DateTimeOffset? WaitingUntil,
    [property: Id(5)] string? AwaitsEvent);

/// <summary>
/// One decision of the customer's contact-pressure ledger, newest first in the 360: <see cref="Outcome"/> is send,
/// defer, drop or skip; <see cref="Reason"/> a stable code (quiet_hours, cap_reached, …); <see cref="Until"/> when a
/// deferred touch is due again.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CadenceDecisionView")]
public sealed record CadenceDecisionView(
    [property: Id(0)] string TouchId,
    [property: Id(1)] string Source,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] DateTimeOffset? Until);

/// <summary>A group member.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupMember")]
public sealed record GroupMember(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] DateTimeOffset JoinedAt,
    [property: Id(2)] long Messages,
    [property: Id(3)] DateTimeOffset? LastMessageAt,
    [property: Id(4)] string Role = GroupRoles.Member);

/// <summary>A member's role in a group; the owner is the persona (<see cref="GroupView.OwnerPersonaId"/>), never a member.</summary>
public static class GroupRoles
{
    public const string Member = "member";
    public const string Admin = "admin";
}

/// <summary>
/// Something about a group an agent should look at: <see cref="Kind"/> is full (a join refused at the cap), spam (a
/// member's burst of messages) or dead (no activity for a week); <see cref="CustomerId"/> the member concerned, if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.GroupAlertView")]
public sealed record GroupAlertView(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? CustomerId);

/// <summary>One row of a persona's group list.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupSummary")]
public sealed record GroupSummary(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? OwnerPersonaId,
    [property: Id(3)] int MemberCount,
    [property: Id(4)] int SizeCap,
    [property: Id(5)] int MessagesLast24h,
    [property: Id(6)] DateTimeOffset? LastActivityAt,
    [property: Id(7)] int AlertCount,
    [property: Id(8)] long AppliedSequence);

/// <summary>A group's activity figures.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupActivity")]
public sealed record GroupActivity(
    [property: Id(0)] long MessagesTotal,
    [property: Id(1)] int MessagesLast24h,
    [property: Id(2)] int ActiveMembersLast7d,
    [property: Id(3)] DateTimeOffset? LastActivityAt,
    [property: Id(4)] long JoinsTotal,
    [property: Id(5)] long LeavesTotal,
    [property: Id(6)] long RefusedJoins);

/// <summary>A message said in a group, as the group view lists it.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupMessage")]
public sealed record GroupMessage(
    [property: Id(0)] string EventId,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? AgentId = null,
    [property: Id(5)] bool Deleted = false);

/// <summary>A group (社群) as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupView")]
public sealed record GroupView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string GroupId,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? OwnerPersonaId,
    [property: Id(4)] int SizeCap,
    [property: Id(5)] int MemberCount,
    [property: Id(6)] IReadOnlyList<GroupMember> Members,
    [property: Id(7)] GroupActivity Activity,
    [property: Id(8)] IReadOnlyList<GroupMessage> RecentMessages,
    [property: Id(9)] long AppliedSequence,
    [property: Id(10)] IReadOnlyList<GroupAlertView>? Alerts = null,
    [property: Id(25)] IReadOnlyList<string>? Tags = null,
    [property: Id(26)] IReadOnlyList<CheckinStreakView>? Checkins = null,
    [property: Id(18)] GroupModerationView? Moderation = null);

/// <summary>A 1:1 conversation between a customer and a persona: who it is assigned to, its status, and who is replying right now.</summary>
[GenerateSerializer, Immutable, Alias("pd.ConversationView")]
public sealed record ConversationView(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string? AssignedAgentId,
    [property: Id(2)] DateTimeOffset LastMessageAt,
    [property: Id(3)] string LastText,
    [property: Id(4)] int Unread,
    [property: Id(5)] string Status = ConversationStatus.Open,
    [property: Id(6)] DateTimeOffset? WaitingSince = null,
    [property: Id(7)] ConversationHold? Hold = null);

/// <summary>A persona (人设) as the API and the console show it.</summary>
[GenerateSerializer, Immutable, Alias("pd.PersonaView")]
public sealed record PersonaView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string PersonaId,
    [property: Id(2)] string? Name,
    [property: Id(3)] IReadOnlyList<string> AgentIds,
    [property: Id(4)] IReadOnlyList<string> OnlineAgentIds,
    [property: Id(5)] int CustomerCount,
    [property: Id(6)] IReadOnlyList<ConversationView> Conversations,
    [property: Id(7)] long FeedSequence);

/// <summary>An agent (员工) as the API and the console show it.</summary>
[GenerateSerializer, Immutable, Alias("pd.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] string? Name,
    [property: Id(3)] IReadOnlyList<string> PersonaIds,
    [property: Id(4)] bool Online,
    [property: Id(5)] long FeedSequence,
    [property: Id(6)] bool Supervisor = false,
    [property: Id(7)] int? CustomerLimit = null);
