using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Cadence.Hosting;

/// <summary>The rules a touch request must meet before the ledger sees it, and its translation into a ledger touch.</summary>
public static class TouchRequests
{
    public const int MaxTextLength = 4_000;
    public const int MaxKindLength = 32;
    public static readonly TimeSpan MaxDeferralLimit = TimeSpan.FromDays(400);

    /// <summary>The first thing wrong with the request as (field, message), or null when it is well formed.</summary>
    public static (string Field, string Message)? Problem(TouchRequest r)
    {
        const string id = "must be an id of 1–64 letters, digits and _ . : @ -, starting with a letter or digit.";
        if (!TenantKey.IsValidId(r.TouchId)) return ("touchId", id);
        if (!Enum.IsDefined(r.Sender)) return ("sender", "must be campaign, group_sop or agent_mass_send.");
        if (!TenantKey.IsValidId(r.SourceId)) return ("sourceId", id);
        if (!TenantKey.IsValidId(r.Channel)) return ("channel", id);
        if (!Enum.IsDefined(r.Class)) return ("class", "must be marketing or service.");
        if (r.Message is null) return ("message", "is required.");
        if (string.IsNullOrWhiteSpace(r.Message.Kind) || r.Message.Kind.Length > MaxKindLength)
            return ("message.kind", $"must be 1–{MaxKindLength} characters, such as text or image.");
        if (string.IsNullOrWhiteSpace(r.Message.Text) || r.Message.Text.Length > MaxTextLength)
            return ("message.text", $"must be non-blank text of at most {MaxTextLength} characters.");
        if (r.Message.PersonaId is { } p && !TenantKey.IsValidId(p)) return ("message.personaId", id);
        if (r.Message.GroupId is { } g && !TenantKey.IsValidId(g)) return ("message.groupId", id);
        if (r.MaxDeferral is { } d && (d <= TimeSpan.Zero || d > MaxDeferralLimit))
            return ("maxDeferral", "must be more than zero and at most 400 days.");
        return null;
    }

    public static void ThrowIfInvalid(TouchRequest r)
    {
        if (Problem(r) is var (field, message)) throw new ArgumentException($"{field} {message}", nameof(r));
    }

    /// <summary>The ledger's view of the request, asked for at <paramref name="now"/>.</summary>
    public static Touch ToTouch(TouchRequest r, DateTimeOffset now) => new(
        r.TouchId, new TouchSource((TouchSourceKind)(int)r.Sender, r.SourceId), r.Channel,
        r.Class == TouchMessageClass.Service ? TouchClass.Service : TouchClass.Marketing, r.IsMass, now, r.MaxDeferral);

    public static TouchAnswer Answer(CadenceDecision d, bool repeated) => new(d.TouchId, d.Outcome switch
    {
        CadenceOutcome.Send => TouchOutcome.Sent,
        CadenceOutcome.Defer => TouchOutcome.Deferred,
        CadenceOutcome.Drop => TouchOutcome.Dropped,
        _ => TouchOutcome.Skipped,
    }, d.Reason, d.Text, d.DecidedAt, d.Until, d.Detail, repeated);
}
