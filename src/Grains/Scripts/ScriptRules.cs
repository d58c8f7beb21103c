using System.Text.RegularExpressions;
using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Scripts;

/// <summary>The bounds of a script library and the checks a script must pass; every problem is named by its JSON field.</summary>
public static partial class ScriptRules
{
    public const int MaxScripts = 500;
    public const int MaxText = 2_000;
    public const int MaxName = 100;
    public const int MaxCategory = 50;
    public const int MaxUrl = 1_000;
    public const int MaxTitle = 200;
    public const string DefaultCategory = "General";

    /// <summary>The variables a script may use: fixed names and <c>property.X</c> (a customer property).</summary>
    public static readonly IReadOnlyList<string> Variables = ["customer.name", "customer.id", "persona.name", "agent.name"];

    /// <summary>The problems of a draft (empty: valid).</summary>
    public static IReadOnlyList<FieldProblem> Check(ScriptDraft draft)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > MaxName)
            problems.Add(new("name", $"Required, 1–{MaxName} characters."));
        if (draft.Category is not null && (string.IsNullOrWhiteSpace(draft.Category) || draft.Category.Length > MaxCategory))
            problems.Add(new("category", $"1–{MaxCategory} characters (omit it for \"{DefaultCategory}\")."));
        if (string.IsNullOrWhiteSpace(draft.Text) || draft.Text.Length > MaxText)
            problems.Add(new("text", $"Required, 1–{MaxText} characters."));
        else if (TemplateProblem(draft.Text) is { } problem)
            problems.Add(new("text", problem));
        Url(draft.ImageUrl, "imageUrl", problems);
        Url(draft.LinkUrl, "linkUrl", problems);
        if (draft.LinkTitle is not null)
        {
            if (draft.LinkUrl is null) problems.Add(new("linkTitle", "A link title needs a linkUrl."));
            else if (string.IsNullOrWhiteSpace(draft.LinkTitle) || draft.LinkTitle.Length > MaxTitle)
                problems.Add(new("linkTitle", $"1–{MaxTitle} characters."));
        }
        if (draft.MaterialId is not null && !TenantKey.IsValidId(draft.MaterialId))
            problems.Add(new("materialId", "Not a valid id: 1–64 letters, digits and _ . : @ -."));
        return problems;
    }

    /// <summary>The draft with its optional parts tidied (trimmed name and category, the default category).</summary>
    public static ScriptDraft Normalize(ScriptDraft draft) => draft with
    {
        Name = draft.Name!.Trim(),
        Category = string.IsNullOrWhiteSpace(draft.Category) ? DefaultCategory : draft.Category.Trim(),
    };

    /// <summary>An unknown variable or an unbalanced brace, or null.</summary>
    public static string? TemplateProblem(string text)
    {
        foreach (Match m in Placeholder().Matches(text))
        {
            if (!IsKnown(m.Groups[1].Value))
                return $"unknown variable '{Clip(m.Groups[1].Value)}'; use {string.Join(", ", Variables.Select(v => "{{" + v + "}}"))} or {{{{property.<name>}}}}.";
        }
        var rest = Placeholder().Replace(text, "");
        return rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal)
            ? "has an unbalanced '{{' or '}}'."
            : null;
    }

    public static bool IsKnown(string name) => Variables.Contains(name) || PropertyVariable().IsMatch(name);

    /// <summary>An absolute http(s) URL of at most <see cref="MaxUrl"/> characters.</summary>
    public static bool IsWebUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrl } && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    private static void Url(string? url, string field, List<FieldProblem> problems)
    {
        if (url is not null && !IsWebUrl(url)) problems.Add(new(field, $"An absolute http:// or https:// URL of at most {MaxUrl} characters."));
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    internal static partial Regex Placeholder();

    [GeneratedRegex(@"^property\.[A-Za-z][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyVariable();
}
