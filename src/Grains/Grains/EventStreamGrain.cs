using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.State;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>
/// The delivery half of a stream-fed grain. On activation it catches up from the durable log past the position
/// its state records; deliveries apply only positions it has not applied; the position, the facts and the
/// pending effects are persisted in one write before effects run. Effects run outside the request turn so two
/// grains that notify each other can never deadlock; a failed effect stays pending and is retried.
/// </summary>
public abstract class EventStreamGrain<TState>(IPersistentState<TState> store, IEventLog log, ILogger logger)
    : Grain, IEventConsumerGrain
    where TState : class, IEventStreamState, new()
{
    private const int CatchUpPage = 500;
    private Task _effects = Task.CompletedTask;
    private bool _discarded;

    protected TState S => store.State;
    protected IPersistentState<TState> Store => store;
    protected ILogger Logger => logger;
    protected string TenantId { get; private set; } = "";
    protected string EntityId { get; private set; } = "";
    protected abstract StreamKind Kind { get; }

    /// <summary>Applies one event to <see cref="S"/> and returns the effects it causes.</summary>
    protected abstract IReadOnlyList<GrainEffect> Apply(EngineEvent e);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (TenantId, EntityId) = TenantKey.Parse(this.GetPrimaryKeyString());
        await OnActivatingAsync(cancellationToken);
        var stream = new StreamKey(Kind, TenantId, EntityId);
        while (true)
        {
            var page = await log.ReadStreamAsync(stream, S.AppliedSequence, CatchUpPage, cancellationToken);
            if (page.Count > 0) await ApplyAndPersistAsync(page);
            if (page.Count < CatchUpPage) break;
        }
        ScheduleEffects();
    }

    /// <summary>Hook run after every successful state write (e.g. pushing feed items that are now durable).</summary>
    protected virtual void AfterPersist()
    {
    }

    /// <summary>Hook for work that must precede catch-up (e.g. loading volatile context).</summary>
    protected virtual Task OnActivatingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _effects;
        // Record which effects are done so a reactivation does not repeat them (repeats would be harmless);
        // never when this activation was discarded, since its memory holds unsaved changes.
        if (!_discarded) await store.WriteStateAsync(cancellationToken);
    }

    public async Task<long> DeliverAsync(IReadOnlyList<LoggedEvent> events)
    {
        if (_discarded) throw new InvalidOperationException("This activation is being discarded after a failed write; retry.");
        if (events.Count > 0 && events[^1].Sequence > S.AppliedSequence) await ApplyAndPersistAsync(events);
        return S.AppliedSequence;
    }

    private async Task ApplyAndPersistAsync(IReadOnlyList<LoggedEvent> events)
    {
        using var activity = EngineTelemetry.Source.StartActivity("grain.apply");
        activity?.SetTag("pd.stream", Kind.ToString());
        var started = Stopwatch.GetTimestamp();
        var applied = 0;
        foreach (var e in events)
        {
            if (e.Sequence <= S.AppliedSequence) continue;
            S.PendingEffects.AddRange(Apply(e.Event));
            S.AppliedSequence = e.Sequence;
            applied++;
        }
        await WriteOrDeactivateAsync();
        AfterPersist();
        EngineTelemetry.EventsApplied.Add(applied, new KeyValuePair<string, object?>("stream", Kind.ToString()));
        EngineTelemetry.ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        ScheduleEffects();
    }

    /// <summary>Persists the state (with any new pending effects) and starts running the effects.</summary>
    protected async Task PersistAsync(IReadOnlyList<GrainEffect>? effects = null)
    {
        if (effects is not null) S.PendingEffects.AddRange(effects);
        await WriteOrDeactivateAsync();
        AfterPersist();
        ScheduleEffects();
    }

    /// <summary>
    /// Writes the state; if the write fails, the in-memory state is ahead of storage, so this activation is
    /// discarded: the caller's retry reactivates the grain from storage and the log.
    /// </summary>
    private async Task WriteOrDeactivateAsync()
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "State write failed; deactivating {Kind} {Key} so it reloads", Kind, this.GetPrimaryKeyString());
            _discarded = true;
            DeactivateOnIdle();
            throw;
        }
    }

    private void ScheduleEffects()
    {
        if (_effects.IsCompleted && S.PendingEffects.Count > 0) _effects = RunEffectsAsync();
    }

    private async Task RunEffectsAsync()
    {
        // Only this loop removes effects, and only from the front; turns append at the end.
        while (S.PendingEffects.Count > 0)
        {
            var effect = S.PendingEffects[0];
            try
            {
                await EffectRunner.RunAsync(GrainFactory, TenantId, effect);
                S.PendingEffects.RemoveAt(0);
            }
            catch (Exception ex)
            {
                EngineTelemetry.EffectFailures.Add(1);
                logger.LogWarning(ex, "Effect {Kind} for {Target} failed; it stays pending", effect.Kind, effect.TargetId);
                return;
            }
        }
    }
}
