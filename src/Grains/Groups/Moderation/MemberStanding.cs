namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// What moderation remembers of one member of a group: the current burst of messages (flood rule), the offences
/// (strikes) in the rolling window, and whether the member is being removed. Updated by <see cref="ModerationRules.Decide"/>.
/// </summary>
[GenerateSerializer, Alias("pd.MemberStanding")]
public sealed class MemberStanding
{
    [Id(0)] public DateTimeOffset? BurstStart { get; set; }
    [Id(1)] public int BurstCount { get; set; }
    [Id(2)] public List<DateTimeOffset> Strikes { get; init; } = [];
    /// <summary>When a remove decision asked the channel to take the member out; null while a member in good standing.</summary>
    [Id(3)] public DateTimeOffset? RemovingSince { get; set; }
}

/// <summary>Who sent a message, as the rules need it.</summary>
public sealed record ModerationSender(bool IsOwner, bool IsAdmin, DateTimeOffset? JoinedAt);

/// <summary>
/// One chat message, as the rules see it: its sender, its text, its type (<c>text</c>, <c>image</c>, <c>link</c>,
/// <c>miniprogram</c>, …), whether the channel found a QR code in it, and a URL it carries.
/// </summary>
public sealed record ModerationMessage(ModerationSender Sender, string Text, string? MessageType = null, bool Qr = false, string? Url = null)
{
    public bool IsImage => string.Equals(MessageType, "image", StringComparison.OrdinalIgnoreCase);
    public bool IsMiniProgram => string.Equals(MessageType, "miniprogram", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The outcome of <see cref="ModerationRules.Decide"/>: an action, the rule (null for none) and why.</summary>
public sealed record ModerationDecision(ModerationAction Action, string? Rule, string Reason, int Strikes = 0)
{
    public static readonly ModerationDecision None = new(ModerationAction.None, null, "");
    public static readonly ModerationDecision Exempt = new(ModerationAction.None, null, "exempt");
}
