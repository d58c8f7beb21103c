using System.Globalization;
using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>
/// Checks a campaign spec before anything is stored: the first problem is thrown as an <see cref="ArgumentException"/>
/// whose <see cref="ArgumentException.ParamName"/> is the field's JSON path (the API's 400 names it).
/// </summary>
public static class CampaignValidation
{
    public const int MaxNameLength = 200;
    public const int MaxAudienceItems = 10_000;
    public static readonly IReadOnlyList<string> Kinds = ["text", "image", "link", "material"];
    public static readonly TimeSpan MinWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    public static void Validate(CampaignSpec? spec, CampaignOptions options)
    {
        if (spec is null) throw Problem("spec", "is required.");
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > MaxNameLength)
            throw Problem("name", $"must be 1–{MaxNameLength} characters.");
        ValidateAudience(spec.Audience);
        if (spec.Message is null) throw Problem("message", "is required.");
        if (!Kinds.Contains(spec.Message.Kind)) throw Problem("message.kind", $"must be one of {string.Join(", ", Kinds)}.");
        if (string.IsNullOrWhiteSpace(spec.Message.Template) || spec.Message.Template.Length > options.MaxTemplateLength)
            throw Problem("message.template", $"must be 1–{options.MaxTemplateLength} characters.");
        if (CampaignTemplate.Problem(spec.Message.Template) is { } template) throw Problem("message.template", template);
        if (spec.Channel is { } channel && !(TenantKey.IsValidId(channel) && channel.Length <= 32))
            throw Problem("channel", "must be a channel name such as wecom or sms.");
        if (spec.Schedule?.LocalTime is { } local && ParseLocalTime(local) is null)
            throw Problem("schedule.localTime", "must be a time of day \"HH:mm\".");
        if (spec.ConversionWindow is { } window && (window < MinWindow || window > MaxWindow))
            throw Problem("conversionWindow", "must be between 1 hour and 90 days.");
    }

    /// <summary>"HH:mm" as a time of day, or null.</summary>
    public static TimeOnly? ParseLocalTime(string value) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private static void ValidateAudience(CampaignAudience? a)
    {
        if (a is null) throw Problem("audience", "is required.");
        Ids(a.GroupIds, "audience.groupIds");
        Ids(a.PoolIds, "audience.poolIds");
        Ids(a.CustomerIds, "audience.customerIds");
        Ids(a.PersonaIds, "audience.personaIds");
        Tags(a.GroupTags, "audience.groupTags");
        Tags(a.CustomerTags, "audience.customerTags");
        if (a.Segments is { } segments)
        {
            foreach (var s in segments)
                if (!CampaignAudiences.SegmentNames.Contains(s))
                    throw Problem("audience.segments", $"'{s}' is not a segment; use {string.Join(", ", CampaignAudiences.SegmentNames)}.");
        }
        if (!CampaignAudiences.SelectsGroups(a) && !CampaignAudiences.SelectsCustomers(a))
            throw Problem("audience", "selects no one: give groupIds, poolIds, groupTags, customerIds, customerTags or segments.");
    }

    private static void Ids(IReadOnlyList<string>? ids, string field)
    {
        if (ids is null) return;
        if (ids.Count > MaxAudienceItems) throw Problem(field, $"may list at most {MaxAudienceItems} ids.");
        foreach (var id in ids)
            if (!TenantKey.IsValidId(id)) throw Problem(field, "holds an id that is empty, too long or has characters outside A-Z a-z 0-9 _ . : @ -.");
    }

    private static void Tags(IReadOnlyList<string>? tags, string field)
    {
        if (tags is null) return;
        if (tags.Count > 100) throw Problem(field, "may list at most 100 tags.");
        foreach (var tag in tags)
            if (string.IsNullOrWhiteSpace(tag) || tag.Length > 64) throw Problem(field, "holds an empty tag or one over 64 characters.");
    }

    private static ArgumentException Problem(string field, string message) => new($"{field} {message}", field);
}
