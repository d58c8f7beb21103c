using Orleans;
using Orleans.Runtime;

namespace PrivateDomain.Tests.Postgres.Cluster;

public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, ICounterGrain
{
    public async Task<int> AddAsync(int amount)
    {
        state.State = state.State with { Count = state.State.Count + amount };
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
