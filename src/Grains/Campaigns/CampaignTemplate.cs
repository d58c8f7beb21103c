using System.Text.RegularExpressions;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>
/// Campaign message templates: <c>{{customer.name}}</c>, <c>{{customer.property.X}}</c>, <c>{{group.name}}</c>,
/// <c>{{persona.name}}</c>, each optionally with a default (<c>{{customer.name|friend}}</c>) used when the value is
/// missing. Unknown variables are rejected when the campaign is created, never blanked at send time.
/// </summary>
public static partial class CampaignTemplate
{
    public static readonly IReadOnlyList<string> Fixed = ["customer.name", "group.name", "persona.name"];

    /// <summary>The first problem with the template, or null.</summary>
    public static string? Problem(string template)
    {
        foreach (Match m in Placeholder().Matches(template))
        {
            var name = m.Groups["name"].Value;
            if (!IsKnown(name))
                return $"unknown template variable '{Clip(name)}'; use {string.Join(", ", Fixed)} or customer.property.<name>.";
        }
        var rest = Placeholder().Replace(template, "");
        return rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal)
            ? "has an unbalanced '{{' or '}}'."
            : null;
    }

    /// <summary>Fills the placeholders; a missing value becomes the placeholder's default, or empty.</summary>
    public static string Render(string template, RecipientValues values) =>
        Placeholder().Replace(template, m =>
        {
            var value = Value(m.Groups["name"].Value, values);
            return string.IsNullOrEmpty(value) ? m.Groups["fallback"].Value.Trim() : value;
        });

    /// <summary>True when the template has no per-recipient variables (one text serves every delivery).</summary>
    public static bool HasVariables(string template) => Placeholder().IsMatch(template);

    private static string? Value(string name, RecipientValues v) => name switch
    {
        "customer.name" => v.CustomerName,
        "group.name" => v.GroupName,
        "persona.name" => v.PersonaName,
        _ when name.StartsWith(PropertyPrefix, StringComparison.Ordinal) => v.Properties?.GetValueOrDefault(name[PropertyPrefix.Length..]),
        _ => null,
    };

    private const string PropertyPrefix = "customer.property.";

    private static bool IsKnown(string name) => Fixed.Contains(name) || PropertyVariable().IsMatch(name);

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}|]*?)\s*(\|(?<fallback>[^{}]*))?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^customer\.property\.[A-Za-z][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyVariable();
}

/// <summary>What one delivery's placeholders are filled with.</summary>
public sealed record RecipientValues(string? CustomerName, string? GroupName, string? PersonaName, IReadOnlyDictionary<string, string>? Properties = null);
