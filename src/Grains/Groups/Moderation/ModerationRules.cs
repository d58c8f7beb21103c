using System.Globalization;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// The anti-harassment rules (docs/groups.md), pure: a message, its sender's standing and the event time in; a
/// decision out. The first rule that matches decides, in this order: sensitive word, new-member mute, QR code, link,
/// flood. An offence is a strike; the action is the word's own action, else the policy's step for the member's strikes
/// in the rolling window. Updates <paramref name="standing"/> (burst, strikes, removing) — the same inputs always give
/// the same decision and standing, so a replay decides alike.
/// </summary>
public static class ModerationRules
{
    public const int MaxStrikesKept = 100;

    /// <summary>Text naming a QR code or a QR code service, as <see cref="TextNormalizer.ForWords"/> leaves it.</summary>
    private static readonly WordMatcher QrTerms = WordMatcher.Build(
        [new("二维码"), new("扫码"), new("扫一扫"), new("qrcode"), new("qr码"), new("草料"), new("cliim"), new("qrcodemonkey"), new("qrio")]);

    public static ModerationDecision Decide(ModerationPolicy policy, MemberStanding standing, ModerationMessage message, DateTimeOffset now)
    {
        if (!policy.Enabled) return ModerationDecision.None;
        var sender = message.Sender;
        if (sender.IsOwner || sender.IsAdmin && policy.ExemptAdmins) return ModerationDecision.Exempt;
        var flood = CountFlood(policy, standing, now);
        var (rule, reason, own) = Match(policy, message, now, flood);
        if (rule is null) return ModerationDecision.None;
        var strikes = Strike(policy, standing, now);
        var action = own ?? policy.StepFor(strikes);
        if (action == ModerationAction.Remove) standing.RemovingSince ??= now;
        return new ModerationDecision(action, rule, reason, strikes);
    }

    private static (string? Rule, string Reason, ModerationAction? Own) Match(ModerationPolicy policy, ModerationMessage m, DateTimeOffset now, bool flood)
    {
        if (policy.Matcher.Count > 0 && policy.Matcher.Find(TextNormalizer.ForWords(m.Text)) is { } word)
            return (ModerationRuleCodes.SensitiveWord, $"said the sensitive word “{word.Word}”", word.Action);
        var folded = TextNormalizer.Fold(m.Text);
        if (policy.NewMemberMute > TimeSpan.Zero && m.Sender.JoinedAt is { } joined && now >= joined && now - joined < policy.NewMemberMute)
        {
            var minutes = policy.NewMemberMute.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
            if (policy.NewMemberMuteAll) return (ModerationRuleCodes.NewMemberMuted, $"spoke within {minutes} min of joining", null);
            if (m.IsImage || m.Qr || m.IsMiniProgram || HasLink(folded, m) is not null)
                return (ModerationRuleCodes.NewMemberMuted, $"posted a link or image within {minutes} min of joining", null);
        }
        if (policy.BlockQrCodes && (m.Qr || QrTerms.Find(TextNormalizer.ForWords(m.Text)) is not null))
            return (ModerationRuleCodes.QrCode, "posted a QR code", null);
        if (policy.BlockLinks)
        {
            if (m.IsMiniProgram && !policy.AllowMiniPrograms) return (ModerationRuleCodes.Link, "posted a mini-program link", null);
            var url = m.Url is null ? null : LinkScanner.FindDisallowed(TextNormalizer.Fold(m.Url), policy);
            if ((url ?? LinkScanner.FindDisallowed(folded, policy)) is { } host) return (ModerationRuleCodes.Link, $"posted a link to {host}", null);
            if (!policy.AllowMiniPrograms && folded.Contains("#小程序://", StringComparison.Ordinal)) return (ModerationRuleCodes.Link, "posted a mini-program link", null);
        }
        if (flood)
        {
            var seconds = policy.FloodWindow.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            return (ModerationRuleCodes.Flood, $"sent {policy.FloodMaxMessages + 1} messages within {seconds} s", null);
        }
        return (null, "", null);
    }

    /// <summary>Any link at all (the new-member mute allows none, even to allowed domains).</summary>
    private static string? HasLink(string folded, ModerationMessage m) =>
        m.Url is { Length: > 0 } url ? url : LinkScanner.FindDisallowed(folded, ModerationPolicy.Default);

    /// <summary>
    /// Counts the message into the member's burst: a burst opens at its first message and lasts the flood window; the
    /// message that takes it past the limit is the offence and closes it, so a member who keeps flooding offends once
    /// per limit's worth of messages, not on every message.
    /// </summary>
    private static bool CountFlood(ModerationPolicy policy, MemberStanding standing, DateTimeOffset now)
    {
        if (policy.FloodMaxMessages <= 0) return false;
        if (standing.BurstStart is not { } start || now - start > policy.FloodWindow || now < start)
        {
            standing.BurstStart = now;
            standing.BurstCount = 0;
        }
        if (++standing.BurstCount <= policy.FloodMaxMessages) return false;
        standing.BurstStart = null;
        standing.BurstCount = 0;
        return true;
    }

    private static int Strike(ModerationPolicy policy, MemberStanding standing, DateTimeOffset now)
    {
        standing.Strikes.RemoveAll(at => now - at >= policy.StrikeWindow);
        if (standing.Strikes.Count >= MaxStrikesKept) standing.Strikes.RemoveAt(0);
        standing.Strikes.Add(now);
        return standing.Strikes.Count;
    }
}
