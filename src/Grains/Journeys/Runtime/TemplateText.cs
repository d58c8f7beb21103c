using System.Text.RegularExpressions;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>Substitutes <c>{{ name }}</c> placeholders (the same syntax Definition.Templates validates).</summary>
internal static partial class TemplateText
{
    public static string Replace(string template, Func<string, string> value) =>
        Placeholder().Replace(template, m => value(m.Groups[1].Value));

    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
