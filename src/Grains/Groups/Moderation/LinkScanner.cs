namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// Finds links in folded text (<see cref="TextNormalizer.Fold"/>) in one pass, without regular expressions: a run of
/// host characters holding a dot is a link when a scheme (<c>://</c>) precedes it, when its last label is a common
/// top-level domain (<c>evil.com</c>, <c>t.cn</c>), or when it is an IPv4 address. So "3.14" or "v1.2" are not links.
/// </summary>
public static class LinkScanner
{
    public const string WeChatArticleHost = "mp.weixin.qq.com";

    private static readonly HashSet<string> CommonTlds = new(StringComparer.Ordinal)
    {
        "com", "cn", "net", "org", "io", "me", "cc", "co", "top", "xyz", "info", "vip", "shop", "app", "link", "ly", "gl",
        "tv", "biz", "site", "online", "club", "ink", "fun", "wang", "ren", "store", "tech", "so", "im", "la", "to", "ai",
        "dev", "us", "uk", "hk", "tw", "jp", "ru", "de", "icu", "work", "live", "pro", "asia", "mobi", "name", "win",
    };

    /// <summary>The first host in <paramref name="folded"/> the policy does not allow, or null.</summary>
    public static string? FindDisallowed(string folded, ModerationPolicy policy)
    {
        var i = 0;
        while (i < folded.Length)
        {
            if (!IsHostChar(folded[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < folded.Length && IsHostChar(folded[i])) i++;
            var run = folded.AsSpan(start, i - start).Trim(".-");
            if (run.IndexOf('.') < 0 || run.Length > 253) continue;
            var scheme = folded.AsSpan(0, start).EndsWith("://", StringComparison.Ordinal);
            var host = run.ToString();
            if (!LooksLikeHost(host, scheme) || IsAllowed(host, policy)) continue;
            return host;
        }
        return null;
    }

    /// <summary>Whether a link to <paramref name="host"/> passes: on the allow list (or a subdomain), or an allowed WeChat article.</summary>
    public static bool IsAllowed(string host, ModerationPolicy policy)
    {
        if (policy.AllowWeChatArticles && host == WeChatArticleHost) return true;
        foreach (var domain in policy.AllowedDomains)
        {
            if (host == domain || host.EndsWith(domain, StringComparison.Ordinal) && host[^(domain.Length + 1)] == '.') return true;
        }
        return false;
    }

    private static bool LooksLikeHost(string host, bool scheme)
    {
        var labels = host.Split('.');
        if (labels.Any(l => l.Length == 0 || l.Length > 63)) return false;
        if (scheme) return true;
        if (labels.Length == 4 && labels.All(l => l.Length <= 3 && l.All(char.IsAsciiDigit))) return true;
        return CommonTlds.Contains(labels[^1]) && labels.Any(l => l.Any(char.IsAsciiLetterOrDigit));
    }

    private static bool IsHostChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.';
}
