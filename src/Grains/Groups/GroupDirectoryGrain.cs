using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Groups;

/// <summary>
/// A tenant's groups with their name, owner and tags. Each group registers itself before it writes a change to them,
/// so a campaign selecting by tag or owner never misses a group whose state names them.
/// </summary>
public sealed class GroupDirectoryGrain([PersistentState("groupDirectory")] IPersistentState<GroupDirectoryState> state)
    : Grain, IGroupDirectoryGrain
{
    public async Task PutAsync(GroupDirectoryEntry entry)
    {
        var entries = state.State.Entries;
        if (entries.TryGetValue(entry.GroupId, out var known) && Same(known, entry)) return;
        entries[entry.GroupId] = entry with { Tags = entry.Tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: reload on the next call; the group retries before its own write.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<IReadOnlyList<GroupDirectoryEntry>> FindAsync(IReadOnlyList<string>? tags, IReadOnlyList<string>? personaIds)
    {
        var tagSet = tags?.ToHashSet(StringComparer.Ordinal);
        var personaSet = personaIds?.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<GroupDirectoryEntry> found = state.State.Entries.Values
            .Where(e => tagSet is null || e.Tags.Any(tagSet.Contains))
            .Where(e => personaSet is null || (e.OwnerPersonaId is { } owner && personaSet.Contains(owner)))
            .OrderBy(e => e.GroupId, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(found);
    }

    private static bool Same(GroupDirectoryEntry a, GroupDirectoryEntry b) =>
        a.Name == b.Name && a.OwnerPersonaId == b.OwnerPersonaId &&
        a.Tags.Order(StringComparer.Ordinal).SequenceEqual(b.Tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}

/// <summary>The persisted directory of one tenant's groups, by group id.</summary>
[GenerateSerializer, Alias("pd.GroupDirectoryState")]
public sealed record GroupDirectoryState
{
    [Id(0)] public Dictionary<string, GroupDirectoryEntry> Entries { get; init; } = new(StringComparer.Ordinal);
}
