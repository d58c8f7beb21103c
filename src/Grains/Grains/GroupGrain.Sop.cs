using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.Groups.Cadence;
using PrivateDomain.Grains.Groups.Sop;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

public sealed partial class GroupGrain : IGroupScheduleGrain
{
    /// <summary>The wake-up index key of the next SOP item ("due" is the dead-group watch).</summary>
    public const string SopWakeUpKey = "sop";

    public async Task<GroupSopView> SetSopAsync(IReadOnlyList<SopItem> items, GroupCadenceSettings? cadence)
    {
        if (SopCalendar.Validate(items) is { } bad) throw new ArgumentException($"{bad.Field}: {bad.Error}", nameof(items));
        if (cadence is not null && GroupCadence.Validate(cadence) is { } badCadence)
            throw new ArgumentException($"{badCadence.Field}: {badCadence.Error}", nameof(cadence));
        var schedule = S.Schedule;
        if (cadence is not null) schedule.Cadence = cadence;
        schedule.TenantId = TenantId;
        SopPlanner.SetItems(schedule, items, time.GetUtcNow(), Cadence.Zone);
        await PersistAsync();
        return await GetSopAsync();
    }

    public Task<GroupSopView> GetSopAsync() => Task.FromResult(new GroupSopView(EntityId, S.Schedule.Sop.ToList(),
        S.Schedule.Cadence ?? GroupCadenceSettings.Default, SopPlanner.NextDue(S.Schedule, Cadence.Zone)));

    /// <summary>
    /// Posts the SOP items due now (once per occurrence: the decision is stored, and the delivery id dedupes a post
    /// whose state write failed), then moves the "sop" wake-up to the next due item.
    /// </summary>
    private async Task WakeSopAsync(DateTimeOffset dueAt)
    {
        var now = time.GetUtcNow();
        var schedule = S.Schedule;
        var effects = new List<GrainEffect>();
        foreach (var d in SopPlanner.Wake(schedule, Cadence, EntityId, now))
        {
            if (d.Outcome != SopOutcomes.Post || S.OwnerPersonaId is not { } persona)
            {
                logger.LogInformation("Group {Group} SOP item {Item} of {Occurrence}: {Outcome} at {At}", EntityId, d.Item.Id, d.Occurrence,
                    S.OwnerPersonaId is null ? "skipped_no_owner" : d.Outcome, d.At);
                continue;
            }
            var message = await outbox.EnqueueAsync(new OutboxMessage(d.DeliveryId, TenantId, PersonaGrain.Channel, persona, null, EntityId,
                null, "text", d.Item.Text, now, OutboxStatus.Pending, null));
            if (d.Item.Kind == SopKinds.Checkin) schedule.CheckinOpen[d.Item.Id] = d.Occurrence;
            effects.Add(GrainEffect.Publish(persona, GroupProjection.RecordPost(S, message)));
        }
        var next = SopPlanner.NextDue(schedule, Cadence.Zone);
        // As for the dead-group watch: the dispatcher deletes the entry it woke us for unless it was moved.
        // State keeps the due time itself, so the reconcile before the write leaves the entry where it was moved.
        if (next is null) schedule.SopWakeUpAt = null;
        else await ScheduleSopAsync(next <= dueAt ? dueAt.AddMilliseconds(1) : next, next);
        await PersistAsync(effects);
    }

    /// <summary>Keeps the "sop" wake-up at the next due item (before each write; free when unchanged).</summary>
    private async Task ReconcileSopWakeUpAsync()
    {
        var next = SopPlanner.NextDue(S.Schedule, Cadence.Zone);
        if (next != S.Schedule.SopWakeUpAt) await ScheduleSopAsync(next);
    }

    private async Task ScheduleSopAsync(DateTimeOffset? due, DateTimeOffset? recorded = null)
    {
        if (due is { } at) await wakeUps.ScheduleAsync([new WakeUp(TenantId, WakeUpKind, EntityId, SopWakeUpKey, at)]);
        else await wakeUps.CancelAsync([new WakeUpKey(TenantId, WakeUpKind, EntityId, SopWakeUpKey)]);
        S.Schedule.SopWakeUpAt = recorded ?? due;
    }

    private IReadOnlyList<CheckinStreakView> CheckinViews()
    {
        var today = DateOnly.FromDateTime(LocalTime.ToLocal(time.GetUtcNow(), Cadence.Zone));
        return S.Schedule.Checkins
            .SelectMany(item => item.Value.Select(m => new CheckinStreakView(item.Key, m.Key, GroupCheckins.Current(m.Value, today), m.Value.Total, m.Value.LastDay)))
            .OrderBy(v => v.ItemId, StringComparer.Ordinal).ThenByDescending(v => v.Streak).ThenBy(v => v.CustomerId, StringComparer.Ordinal)
            .Take(MembersShown)
            .ToList();
    }
}
