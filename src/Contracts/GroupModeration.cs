namespace PrivateDomain.Contracts;

/// <summary>
/// One anti-harassment decision, as the group's moderation log keeps it (one entry per chat event): the action
/// (<c>warn</c>, <c>delete</c>, <c>remove</c>), the rule (<c>sensitive_word</c>, <c>link</c>, <c>qr_code</c>,
/// <c>flood</c>, <c>new_member_muted</c>), why, and the member's strikes in the policy's window counting this one.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ModerationLogEntry")]
public sealed record ModerationLogEntry(
    [property: Id(0)] string EventId,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string Action,
    [property: Id(3)] string Rule,
    [property: Id(4)] string Reason,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] int Strikes);

/// <summary>A group's moderation as its view shows it: the newest log entries first, and the members being removed.</summary>
[GenerateSerializer, Immutable, Alias("pd.GroupModerationView")]
public sealed record GroupModerationView(
    [property: Id(0)] IReadOnlyList<ModerationLogEntry> Log,
    [property: Id(1)] IReadOnlyList<string> Removing,
    [property: Id(2)] string? WelcomeText);
