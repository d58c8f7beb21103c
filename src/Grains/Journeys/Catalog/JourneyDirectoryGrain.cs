using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Journeys.Catalog;

/// <summary>
/// One tenant's journeys and their status. Each journey grain is the only writer of its own entry and sends it in
/// order (journey grains are not reentrant), so the last entry received is the current one.
/// </summary>
public sealed class JourneyDirectoryGrain([PersistentState("journeys")] IPersistentState<JourneyDirectoryState> state)
    : Grain, IJourneyDirectoryGrain
{
    public Task<IReadOnlyList<JourneyDirectoryEntry>> ListAsync() => Task.FromResult<IReadOnlyList<JourneyDirectoryEntry>>(
        state.State.Journeys.Values.OrderBy(e => e.JourneyId, StringComparer.Ordinal).ToList());

    public async Task UpdateAsync(JourneyDirectoryEntry entry)
    {
        if (state.State.Journeys.TryGetValue(entry.JourneyId, out var known) && known == entry) return;
        state.State.Journeys[entry.JourneyId] = entry;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: reload on the next call; the journey grain resends.
            DeactivateOnIdle();
            throw;
        }
    }
}
