using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Groups;

/// <summary>
/// The ids of one persona's groups, so its console can list them. Each group adds itself before it writes a new
/// owner, so a group is never owned without being listed (a stale entry is filtered out by its owner at read time).
/// </summary>
public sealed class PersonaGroupsGrain([PersistentState("personaGroups")] IPersistentState<PersonaGroupsState> state)
    : Grain, IPersonaGroupsGrain
{
    public Task<IReadOnlyList<string>> GetAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.GroupIds.Order(StringComparer.Ordinal).ToList());

    public async Task SetAsync(string groupId, bool owned)
    {
        var changed = owned ? state.State.GroupIds.Add(groupId) : state.State.GroupIds.Remove(groupId);
        if (!changed) return;
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
}

/// <summary>The persisted group ids of one persona.</summary>
[GenerateSerializer, Alias("pd.PersonaGroupsState")]
public sealed record PersonaGroupsState
{
    [Id(0)] public HashSet<string> GroupIds { get; init; } = new(StringComparer.Ordinal);
}
