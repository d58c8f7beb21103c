using System.Text.RegularExpressions;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>
/// The <c>{{variables}}</c> a template may use: fixed names, <c>property.X</c> (a customer property) and
/// <c>event.data.X</c> (the entering or last awaited event). Unknown names are errors, never blanks at send time.
/// </summary>
public static partial class Templates
{
    public static readonly IReadOnlyList<string> Fixed =
        ["customer.id", "customer.name", "persona.name", "agent.name", "journey.name", "customer.tags"];

    /// <summary>The names used in <paramref name="template"/>, or the first problem with it.</summary>
    public static (IReadOnlyList<string> Variables, string? Problem) Read(string template)
    {
        var names = new List<string>();
        foreach (Match m in Placeholder().Matches(template))
        {
            var name = m.Groups[1].Value;
            if (!IsKnown(name))
                return (names, $"unknown template variable '{Reader.Clip(name)}'; use {string.Join(", ", Fixed)}, property.<name> or event.data.<path>.");
            names.Add(name);
        }
        var rest = Placeholder().Replace(template, "");
        if (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal))
            return (names, "has an unbalanced '{{' or '}}'.");
        return (names, null);
    }

    public static bool IsKnown(string name) => Fixed.Contains(name) || PropertyVariable().IsMatch(name) || EventVariable().IsMatch(name);

    internal static void Check(Reader r, string field, string? template)
    {
        if (template is null) return;
        var (_, problem) = Read(template);
        if (problem is not null) r.Problem(field, problem);
    }

    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^property\.[A-Za-z][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyVariable();

    [GeneratedRegex(@"^event\.data(\.[A-Za-z0-9_]{1,64}){1,8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventVariable();
}
