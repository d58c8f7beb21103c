using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Scripts;

/// <summary>Checks a rich reply and turns it into the outbox row's text (the same layout as a journey's message). Pure.</summary>
public static class ReplyContentRules
{
    public const int MaxText = 4_000;

    private static readonly Dictionary<string, (string[] Required, string[] Allowed)> Shapes = new(StringComparer.Ordinal)
    {
        [ReplyKinds.Text] = (["text"], ["text", "scriptId"]),
        [ReplyKinds.Image] = (["mediaUrl"], ["mediaUrl", "text", "scriptId"]),
        [ReplyKinds.Link] = (["url", "title"], ["url", "title", "text", "scriptId"]),
        [ReplyKinds.Material] = (["materialId"], ["materialId", "url", "title", "text", "scriptId"]),
    };

    /// <summary>The problems of a reply (empty: valid).</summary>
    public static IReadOnlyList<FieldProblem> Check(ReplyContent reply)
    {
        if (reply.Kind is null || !Shapes.TryGetValue(reply.Kind, out var shape))
            return [new("kind", $"One of {string.Join(", ", Shapes.Keys)}.")];
        var problems = new List<FieldProblem>();
        var present = Fields(reply).Where(f => f.Value is not null).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in shape.Required.Where(n => !present.Contains(n))) problems.Add(new(name, $"Required for a {reply.Kind} reply."));
        foreach (var name in present.Where(n => !shape.Allowed.Contains(n))) problems.Add(new(name, $"Not part of a {reply.Kind} reply."));
        if (reply.Text is not null && (string.IsNullOrWhiteSpace(reply.Text) || reply.Text.Length > MaxText))
            problems.Add(new("text", $"1–{MaxText} characters."));
        if (reply.MediaUrl is not null && !ScriptRules.IsWebUrl(reply.MediaUrl))
            problems.Add(new("mediaUrl", $"An absolute http:// or https:// URL of at most {ScriptRules.MaxUrl} characters."));
        if (reply.Url is not null && !ScriptRules.IsWebUrl(reply.Url))
            problems.Add(new("url", $"An absolute http:// or https:// URL of at most {ScriptRules.MaxUrl} characters."));
        if (reply.Title is not null && (string.IsNullOrWhiteSpace(reply.Title) || reply.Title.Length > ScriptRules.MaxTitle))
            problems.Add(new("title", $"1–{ScriptRules.MaxTitle} characters."));
        if (reply.MaterialId is not null && !TenantKey.IsValidId(reply.MaterialId)) problems.Add(new("materialId", "Not a valid id."));
        if (reply.ScriptId is not null && !TenantKey.IsValidId(reply.ScriptId)) problems.Add(new("scriptId", "Not a valid id."));
        return problems.DistinctBy(p => p.Field).ToList();
    }

    /// <summary>The outbox row's text: the reply's parts a line each, as a journey's message of the same kind.</summary>
    public static string Body(ReplyContent reply) => reply.Kind switch
    {
        ReplyKinds.Image => Lines(reply.Text, reply.MediaUrl),
        ReplyKinds.Link => Lines(reply.Text, reply.Title, reply.Url),
        ReplyKinds.Material => Lines(reply.Text, reply.MaterialId is null ? null : $"[material {reply.MaterialId}]", reply.Title, reply.Url),
        _ => reply.Text ?? "",
    };

    private static IEnumerable<(string Name, string? Value)> Fields(ReplyContent r) =>
        [("text", r.Text), ("mediaUrl", r.MediaUrl), ("url", r.Url), ("title", r.Title), ("materialId", r.MaterialId), ("scriptId", r.ScriptId)];

    private static string Lines(params string?[] parts) => string.Join('\n', parts.Where(t => !string.IsNullOrEmpty(t)));
}
