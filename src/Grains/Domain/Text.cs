namespace PrivateDomain.Grains.Domain;

/// <summary>Short display forms of user text.</summary>
public static class Text
{
    public static string Clip(string? text, int max = 200) =>
        string.IsNullOrEmpty(text) ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
