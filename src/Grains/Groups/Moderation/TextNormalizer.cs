using System.Globalization;
using System.Text;

namespace PrivateDomain.Grains.Groups.Moderation;

/// <summary>
/// Folds text for matching: full-width forms to half-width (ＡＢＣ１ → abc1, the ideographic space to a space), lower
/// case, and drops invisible characters (zero-width spaces, joiners, format and control characters) that would split a
/// word. <see cref="ForWords"/> also drops white space and punctuation, so "加 微-信" matches "加微信".
/// </summary>
public static class TextNormalizer
{
    public static string Fold(string text) => Normalize(text, dropSeparators: false);

    public static string ForWords(string text) => Normalize(text, dropSeparators: true);

    private static string Normalize(string text, bool dropSeparators)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = raw switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(raw - 0xFEE0),
                '\u3000' => ' ',
                _ => raw,
            };
            if (char.IsWhiteSpace(c))
            {
                if (!dropSeparators) sb.Append(' ');
                continue;
            }
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark) continue;
            if (dropSeparators && (char.IsPunctuation(c) || char.IsSymbol(c))) continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
