using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Scripts;

/// <summary>Saving and deleting scripts with optimistic versions and the library's bounds. Pure: time is passed in.</summary>
public static class ScriptBook
{
    public static ScriptChangeResult Save(ScriptLibraryState state, string scriptId, ScriptDraft draft, long? expectedVersion, string editor, DateTimeOffset now)
    {
        var problems = new List<FieldProblem>();
        if (!TenantKey.IsValidId(scriptId)) problems.Add(new("scriptId", "Not a valid id: 1–64 letters, digits and _ . : @ -."));
        problems.AddRange(ScriptRules.Check(draft));
        if (expectedVersion is < 0) problems.Add(new("version", "0 (create) or the version being replaced."));
        state.Scripts.TryGetValue(scriptId, out var current);
        if (current is null && state.Scripts.Count >= ScriptRules.MaxScripts)
            problems.Add(new("scriptId", $"The library is full: at most {ScriptRules.MaxScripts} scripts; delete one first."));
        if (problems.Count > 0) return new(ScriptChangeError.Invalid, null, problems, current?.Version ?? 0);
        if (expectedVersion is { } expected && expected != (current?.Version ?? 0))
            return new(ScriptChangeError.Conflict, current, [], current?.Version ?? 0);
        var d = ScriptRules.Normalize(draft);
        var script = new Script(scriptId, d.Name!, d.Category!, d.Text!, d.ImageUrl, d.LinkUrl, d.LinkTitle, d.MaterialId,
            (current?.Version ?? 0) + 1, editor, now, current?.Uses ?? 0, current?.LastUsedAt);
        state.Scripts[scriptId] = script;
        state.Version++;
        return new(ScriptChangeError.None, script, [], script.Version);
    }

    public static ScriptChangeResult Delete(ScriptLibraryState state, string scriptId, long? expectedVersion)
    {
        if (!state.Scripts.TryGetValue(scriptId, out var current)) return new(ScriptChangeError.NotFound, null, [], 0);
        if (expectedVersion is { } expected && expected != current.Version) return new(ScriptChangeError.Conflict, current, [], current.Version);
        state.Scripts.Remove(scriptId);
        state.Version++;
        return new(ScriptChangeError.None, null, [], 0);
    }

    /// <summary>Counts a use; false when the script is gone.</summary>
    public static bool Use(ScriptLibraryState state, string scriptId, DateTimeOffset at)
    {
        if (!state.Scripts.TryGetValue(scriptId, out var s)) return false;
        state.Scripts[scriptId] = s with { Uses = s.Uses + 1, LastUsedAt = at };
        return true;
    }

    public static IReadOnlyList<Script> Ordered(ScriptLibraryState state) =>
        state.Scripts.Values.OrderBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.ScriptId, StringComparer.Ordinal).ToList();
}
