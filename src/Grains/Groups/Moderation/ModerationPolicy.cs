namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>What moderation does about a message: nothing, a warning, deleting (recalling) it, or removing its sender.</summary>
public enum ModerationAction
{
    None = 0,
    Warn = 1,
    Delete = 2,
    Remove = 3,
}

/// <summary>The rule a decision was made by.</summary>
public static class ModerationRuleCodes
{
    public const string SensitiveWord = "sensitive_word";
    public const string Link = "link";
    public const string QrCode = "qr_code";
    public const string Flood = "flood";
    public const string NewMemberMuted = "new_member_muted";
}

/// <summary>A sensitive word; <see cref="Action"/>, when set, is taken at once instead of the escalation ladder.</summary>
public sealed record SensitiveWord(string Word, ModerationAction? Action = null);

/// <summary>
/// A tenant's group anti-harassment policy (群防骚扰), docs/groups.md. Immutable; the word list is compiled once per
/// policy instance (<see cref="Matcher"/>), so deciding a message costs one pass over its text.
/// </summary>
public sealed record ModerationPolicy
{
    /// <summary>The policy of a tenant that never set one: the flood rule only (more than 4 messages in 60 s), and every offence warns.</summary>
    public static readonly ModerationPolicy Default = new();

    public bool Enabled { get; init; } = true;
    /// <summary>The word list; setting it (also through <c>with</c>, which copies the compiled matcher) drops the compiled one.</summary>
    public IReadOnlyList<SensitiveWord> Words
    {
        get => _words;
        init
        {
            _words = value;
            _matcher = null;
        }
    }
    public bool BlockLinks { get; init; }
    /// <summary>Domains (and their subdomains) a link may point to without counting as spam.</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];
    public bool AllowWeChatArticles { get; init; }
    public bool AllowMiniPrograms { get; init; }
    public bool BlockQrCodes { get; init; }
    /// <summary>A member's message beyond this many within <see cref="FloodWindow"/> is a flood offence; 0: no flood rule.</summary>
    public int FloodMaxMessages { get; init; } = 4;
    public TimeSpan FloodWindow { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long after joining a member may not post links, images or QR codes (or nothing, <see cref="NewMemberMuteAll"/>).</summary>
    public TimeSpan NewMemberMute { get; init; }
    public bool NewMemberMuteAll { get; init; }
    /// <summary>The action of a member's 1st, 2nd, … offence within <see cref="StrikeWindow"/>; the last step repeats.</summary>
    public IReadOnlyList<ModerationAction> Steps { get; init; } = [ModerationAction.Warn];
    public TimeSpan StrikeWindow { get; init; } = TimeSpan.FromHours(24);
    public bool ExemptAdmins { get; init; } = true;

    private readonly IReadOnlyList<SensitiveWord> _words = [];
    private WordMatcher? _matcher;

    /// <summary>The compiled word list (built on first use; a benign race builds it twice at worst).</summary>
    public WordMatcher Matcher => _matcher ??= WordMatcher.Build(Words);

    /// <summary>The action of an offence that makes <paramref name="strikes"/> strikes in the window.</summary>
    public ModerationAction StepFor(int strikes) => Steps.Count == 0 ? ModerationAction.Warn : Steps[Math.Clamp(strikes, 1, Steps.Count) - 1];
}
