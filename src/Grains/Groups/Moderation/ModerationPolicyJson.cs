using System.Text;
using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>The outcome of <see cref="ModerationPolicyJson.Validate"/>: a policy, or every problem by JSON path.</summary>
public sealed record ModerationPolicyValidation(ModerationPolicy? Policy, int? ExpectedVersion, IReadOnlyList<JourneyPathProblem> Problems);

/// <summary>
/// A tenant's moderation policy as JSON (docs/groups.md, "Anti-harassment"): parsed with every problem named by its
/// JSON path, and written back as canonical JSON. The document replaces the policy whole: a section left out is off.
/// </summary>
public static class ModerationPolicyJson
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxWords = 5_000;
    public const int MaxWordLength = 64;
    public const int MaxDomains = 200;
    public const int MaxSteps = 10;

    private static readonly string[] TopFields = ["version", "enabled", "sensitiveWords", "links", "qrCodes", "flood", "newMembers", "escalation", "exemptAdmins"];
    private static readonly Dictionary<string, ModerationAction> Actions = new(StringComparer.Ordinal)
    {
        ["warn"] = ModerationAction.Warn, ["delete"] = ModerationAction.Delete, ["remove"] = ModerationAction.Remove,
    };

    public static ModerationPolicyValidation Validate(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes) return Fail($"a moderation policy is at most {MaxBytes / 1024} KiB of JSON.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return Fail($"not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var problems = new List<JourneyProblem>();
            var r = new Reader(doc.RootElement, "", problems);
            if (!r.IsObject(TopFields)) return Done(null, null, problems);
            int? expected = r.Has("version") ? r.Int("version", 0, int.MaxValue) : null;
            var policy = new ModerationPolicy
            {
                Enabled = Bool(r, "enabled", true),
                ExemptAdmins = Bool(r, "exemptAdmins", true),
                Words = Words(r),
                BlockLinks = false,
                BlockQrCodes = false,
                FloodMaxMessages = 0,
                Steps = [ModerationAction.Warn],
            };
            if (r.Object("links", required: false) is { } links && links.IsObject("block", "allowDomains", "allowWeChatArticles", "allowMiniPrograms"))
            {
                policy = policy with
                {
                    BlockLinks = Bool(links, "block", true),
                    AllowedDomains = Domains(links),
                    AllowWeChatArticles = Bool(links, "allowWeChatArticles", false),
                    AllowMiniPrograms = Bool(links, "allowMiniPrograms", false),
                };
            }
            if (r.Object("qrCodes", required: false) is { } qr && qr.IsObject("block"))
                policy = policy with { BlockQrCodes = Bool(qr, "block", true) };
            if (r.Object("flood", required: false) is { } flood && flood.IsObject("maxMessages", "windowSeconds"))
                policy = policy with { FloodMaxMessages = flood.Int("maxMessages", 1, 1_000), FloodWindow = TimeSpan.FromSeconds(flood.Int("windowSeconds", 1, 86_400)) };
            if (r.Object("newMembers", required: false) is { } mute && mute.IsObject("muteMinutes", "muteAll"))
                policy = policy with { NewMemberMute = TimeSpan.FromMinutes(mute.Int("muteMinutes", 0, 10_080)), NewMemberMuteAll = Bool(mute, "muteAll", false) };
            if (r.Object("escalation", required: false) is { } esc && esc.IsObject("steps", "windowHours"))
            {
                var steps = esc.Array("steps", 1, MaxSteps).Select(Action).ToList();
                policy = policy with { Steps = steps, StrikeWindow = TimeSpan.FromHours(esc.Int("windowHours", 1, 24 * 90, fallback: 24)) };
            }
            return Done(problems.Count > 0 ? null : policy, expected, problems);
        }
    }

    /// <summary>Canonical JSON: every section, fields in a fixed order.</summary>
    public static string Write(ModerationPolicy p, int version)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", version);
            w.WriteBoolean("enabled", p.Enabled);
            w.WriteBoolean("exemptAdmins", p.ExemptAdmins);
            w.WriteStartArray("sensitiveWords");
            foreach (var word in p.Words)
            {
                w.WriteStartObject();
                w.WriteString("word", word.Word);
                if (word.Action is { } a) w.WriteString("action", Name(a));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("links");
            w.WriteBoolean("block", p.BlockLinks);
            w.WriteStartArray("allowDomains");
            foreach (var d in p.AllowedDomains) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteBoolean("allowWeChatArticles", p.AllowWeChatArticles);
            w.WriteBoolean("allowMiniPrograms", p.AllowMiniPrograms);
            w.WriteEndObject();
            w.WriteStartObject("qrCodes");
            w.WriteBoolean("block", p.BlockQrCodes);
            w.WriteEndObject();
            if (p.FloodMaxMessages > 0)
            {
                w.WriteStartObject("flood");
                w.WriteNumber("maxMessages", p.FloodMaxMessages);
                w.WriteNumber("windowSeconds", (int)p.FloodWindow.TotalSeconds);
                w.WriteEndObject();
            }
            w.WriteStartObject("newMembers");
            w.WriteNumber("muteMinutes", (int)p.NewMemberMute.TotalMinutes);
            w.WriteBoolean("muteAll", p.NewMemberMuteAll);
            w.WriteEndObject();
            w.WriteStartObject("escalation");
            w.WriteStartArray("steps");
            foreach (var s in p.Steps) w.WriteStringValue(Name(s));
            w.WriteEndArray();
            w.WriteNumber("windowHours", (int)p.StrikeWindow.TotalHours);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Name(ModerationAction a) => a switch
    {
        ModerationAction.Warn => "warn",
        ModerationAction.Delete => "delete",
        ModerationAction.Remove => "remove",
        _ => "none",
    };

    private static List<SensitiveWord> Words(Reader r)
    {
        var words = new List<SensitiveWord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in r.Array("sensitiveWords", 0, MaxWords, required: false))
        {
            string word;
            ModerationAction? action = null;
            if (item.Element.ValueKind == JsonValueKind.String) word = item.Element.GetString()!;
            else if (item.IsObject("word", "action"))
            {
                word = item.String("word", MaxWordLength);
                if (item.Has("action")) action = Action(item.Child(item.Element.GetProperty("action"), "action"));
            }
            else continue;
            var key = TextNormalizer.ForWords(word);
            if (word.Length > MaxWordLength || key.Length == 0)
                item.Problem("", $"a word is 1–{MaxWordLength} characters with at least one letter or digit.");
            else if (seen.Add(key)) words.Add(new SensitiveWord(word.Trim(), action));
        }
        return words;
    }

    private static List<string> Domains(Reader r)
    {
        var domains = new List<string>();
        foreach (var item in r.Array("allowDomains", 0, MaxDomains, required: false))
        {
            var d = item.Element.ValueKind == JsonValueKind.String ? TextNormalizer.Fold(item.Element.GetString()!).Trim().TrimStart('.') : "";
            if (d.Length is 0 or > 253 || !d.Contains('.') || !d.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
                item.Problem("", "must be a domain name such as example.com.");
            else domains.Add(d);
        }
        return domains;
    }

    private static ModerationAction Action(Reader item)
    {
        if (item.Element.ValueKind == JsonValueKind.String && Actions.TryGetValue(item.Element.GetString()!, out var a)) return a;
        item.Problem("", "must be one of warn, delete, remove.");
        return ModerationAction.Warn;
    }

    private static bool Bool(Reader r, string name, bool fallback)
    {
        if (!r.TryGet(name, out var v)) return fallback;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        r.Problem(name, "must be true or false.");
        return fallback;
    }

    private static ModerationPolicyValidation Done(ModerationPolicy? policy, int? expected, List<JourneyProblem> problems) =>
        new(policy, expected, problems.Select(p => new JourneyPathProblem(p.Path, p.Message)).ToList());

    private static ModerationPolicyValidation Fail(string message) => new(null, null, [new JourneyPathProblem("$", message)]);
}
