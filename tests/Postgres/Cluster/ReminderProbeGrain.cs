using Orleans;
using Orleans.Runtime;

namespace PrivateDomain.Tests.Postgres.Cluster;

public sealed class ReminderProbeGrain(
    [PersistentState("ticks")] IPersistentState<ReminderProbeState> state,
    ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public Task ScheduleAsync(TimeSpan dueTime) =>
        this.RegisterOrUpdateReminder(ReminderName, dueTime, TimeSpan.FromMinutes(1));

    public async Task<bool> IsScheduledAsync() => await this.GetReminder(ReminderName) is not null;

    public Task<IReadOnlyList<string>> GetTicksAsync() => Task.FromResult(state.State.Ticks);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State = state.State with { Ticks = [.. state.State.Ticks, silo.SiloAddress.ToString()] };
        await state.WriteStateAsync();
    }
}
