using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.State;

/// <summary>One member's standing in a group.</summary>
[GenerateSerializer, Alias("pd.MemberState")]
public sealed record MemberState
{
    [Id(0)] public DateTimeOffset JoinedAt { get; set; }
    [Id(1)] public long Messages { get; set; }
    [Id(2)] public DateTimeOffset? LastMessageAt { get; set; }
    [Id(3)] public string Role { get; set; } = GroupRoles.Member;
    /// <summary>Start and size of the member's current burst of messages, for the spam alert.</summary>
    [Id(4)] public DateTimeOffset? BurstStart { get; set; }
    [Id(5)] public int BurstCount { get; set; }
}

/// <summary>A join or leave, kept for the group's history.</summary>
[GenerateSerializer, Immutable, Alias("pd.MembershipChange")]
public sealed record MembershipChange(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string Change,
    [property: Id(2)] DateTimeOffset At);

/// <summary>The persisted facts of one group.</summary>
[GenerateSerializer, Alias("pd.GroupState")]
public sealed record GroupState : IEventStreamState
{
    public const int DefaultSizeCap = 200;

    [Id(0)] public long AppliedSequence { get; set; }
    [Id(1)] public List<GrainEffect> PendingEffects { get; init; } = [];
    [Id(2)] public string? Name { get; set; }
    [Id(3)] public string? OwnerPersonaId { get; set; }
    [Id(4)] public int SizeCap { get; set; } = DefaultSizeCap;
    [Id(5)] public Dictionary<string, MemberState> Members { get; init; } = new(StringComparer.Ordinal);
    [Id(6)] public long MessagesTotal { get; set; }
    [Id(7)] public Dictionary<long, int> MessagesPerHour { get; init; } = [];
    [Id(8)] public DateTimeOffset? LastActivityAt { get; set; }
    [Id(9)] public long JoinsTotal { get; set; }
    [Id(10)] public long LeavesTotal { get; set; }
    [Id(11)] public long RefusedJoins { get; set; }
    [Id(12)] public List<GroupMessage> RecentMessages { get; init; } = [];
    [Id(13)] public List<MembershipChange> History { get; init; } = [];
    [Id(14)] public List<GroupAlertView> Alerts { get; init; } = [];
    /// <summary>The owner the persona's group list has this group under (caught up before each write).</summary>
    [Id(15)] public string? ListedOwnerPersonaId { get; set; }
    /// <summary>The due instant of the group's entry in the wake-up index (caught up before each write), or null.</summary>
    [Id(16)] public DateTimeOffset? ScheduledWakeUpAt { get; set; }
    /// <summary>The last activity whose silence was alerted as dead: a later activity re-arms the alert.</summary>
    [Id(17)] public DateTimeOffset? DeadAlertedFor { get; set; }
    /// <summary>Anti-harassment standing per member (burst, strikes, removing), see Groups/Moderation.</summary>
    [Id(18)] public Dictionary<string, Groups.Moderation.MemberStanding> Standings { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The moderation log, one entry per chat event acted on (newest last, bounded).</summary>
    [Id(19)] public List<ModerationLogEntry> ModerationLog { get; init; } = [];
    /// <summary>The welcome message (欢迎语) posted to newcomers; null: none.</summary>
    [Id(20)] public string? WelcomeText { get; set; }
    /// <summary>The open welcome window (joins merged into one welcome), or null.</summary>
    [Id(21)] public Groups.Moderation.WelcomeWindow? PendingWelcome { get; set; }
    /// <summary>The due instant of the group's welcome entry in the wake-up index (caught up before each write), or null.</summary>
    [Id(22)] public DateTimeOffset? ScheduledWelcomeAt { get; set; }
    /// <summary>The group's cadence, post ledger, campaign reservations, SOP items and check-ins.</summary>
    [Id(25)] public GroupScheduleState Schedule { get; init; } = new();
    /// <summary>Tags campaigns select the group by (interest tags of its pool).</summary>
    [Id(26)] public List<string> Tags { get; set; } = [];
    /// <summary>The name/owner/tags the tenant's group directory has for this group (caught up before each write).</summary>
    [Id(27)] public string? DirectoryRegistered { get; set; }
}
