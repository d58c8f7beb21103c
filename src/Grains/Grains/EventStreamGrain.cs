using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.State;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace PrivateDomain.Grains.Grains;

/// <summary>
/// The delivery half of a stream-fed grain. On activation it catches up from the durable log past the position
/// its state records; deliveries apply only positions it has not applied. Events arrive through the event
/// spine's Orleans persistent stream (an implicit subscription on the grain's namespace, see
/// <see cref="EventStreamNamespaces"/>); a delivery that reveals a missed one catches up from the log first.
/// What a stream delivery applies is written behind (one write covers every delivery in the window; the log
/// replays anything a crash lost); commands and <see cref="DeliverAsync"/> write through. The position, the facts
/// and the pending effects always go in one write. Effects run outside the request turn, so two grains that
/// notify each other can never deadlock; a failed effect stays pending and is retried on a timer.
/// </summary>
public abstract class EventStreamGrain<TState>(IPersistentState<TState> store, IEventLog log, ILogger logger)
    : Grain, IEventConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<EventBatch>
    where TState : class, IEventStreamState, new()
{
    private const int CatchUpPage = 500;
    private static readonly TimeSpan EffectRetryFirst = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan EffectRetryMax = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QuietFlush = TimeSpan.FromMilliseconds(1);
    private Task _effects = Task.CompletedTask;
    private PersonaFeedPublisher? _feedPublisher;
    private IOutbox? _outbox;
    private bool _discarded;
    private TimeSpan _writeBehind;
    private long _lastWrite;
    private bool _dirty;
    // Effects finished since the last write: storage still lists them as pending, so deactivation writes once more.
    private bool _effectsDoneUnwritten;
    private TimeSpan _effectRetryDelay = EffectRetryFirst;
    private IGrainTimer? _effectRetry;
    private IGrainTimer? _flush;

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
        var options = ServiceProvider.GetService<IOptions<EventGrainOptions>>()?.Value ?? new EventGrainOptions();
        _writeBehind = EffectsAwaitWrite ? options.FeedWriteBehind : options.WriteBehind;
        await OnActivatingAsync(cancellationToken);
        await CatchUpFromLogAsync(cancellationToken);
        ScheduleEffects();
    }

    private async Task CatchUpFromLogAsync(CancellationToken cancellationToken)
    {
        var stream = new StreamKey(Kind, TenantId, EntityId);
        while (true)
        {
            var page = await log.ReadStreamAsync(stream, S.AppliedSequence, CatchUpPage, cancellationToken);
            if (page.Count > 0) await ApplyAsync(page, writeBehind: true);
            if (page.Count < CatchUpPage) break;
        }
    }

    public async Task<long> CatchUpAsync()
    {
        ThrowIfDiscarded();
        await CatchUpFromLogAsync(CancellationToken.None);
        if (_dirty) await PersistAsync();
        return S.AppliedSequence;
    }

    /// <summary>The implicit subscription of this grain's namespace: resume it with this grain as the observer.</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventBatch>().ResumeAsync(this);

    public async Task OnNextAsync(EventBatch item, StreamSequenceToken? token = null)
    {
        ThrowIfDiscarded();
        // The reader delivered an earlier event of this stream that this grain never applied (a delivery that
        // failed for good): the log has it, so read the gap before applying what arrived.
        if (item.PreviousSequence > S.AppliedSequence)
        {
            EngineTelemetry.DeliveryGaps.Add(1, new KeyValuePair<string, object?>("stream", Kind.ToString()));
            logger.LogWarning("{Kind} {Key} missed deliveries after {Applied} (reader's previous {Previous}); catching up from the log",
                Kind, this.GetPrimaryKeyString(), S.AppliedSequence, item.PreviousSequence);
            await CatchUpFromLogAsync(CancellationToken.None);
        }
        if (item.Events.Count > 0 && item.Events[^1].Sequence > S.AppliedSequence) await ApplyAsync(item.Events, writeBehind: true);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogError(ex, "Event stream of {Kind} {Key} reported an error", Kind, this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    private void ThrowIfDiscarded()
    {
        if (_discarded) throw new InvalidOperationException("This activation is being discarded after a failed write; retry.");
    }

    /// <summary>
    /// Whether the effects of applied events wait for the state write that records them (grains whose feed
    /// items must be durable before they are pushed), or run at once (a replay after a crash regenerates the
    /// same effects and their receivers drop repeats).
    /// </summary>
    protected virtual bool EffectsAwaitWrite => true;

    /// <summary>Hook run after every successful state write (e.g. pushing feed items that are now durable).</summary>
    protected virtual void AfterPersist()
    {
    }

    /// <summary>
    /// Hook run before a batch is applied (catch-up and deliveries alike): <see cref="Apply"/> is synchronous, so
    /// anything it reads that lives elsewhere (e.g. journey definitions) is loaded here.
    /// </summary>
    protected virtual Task BeforeApplyAsync(IReadOnlyList<LoggedEvent> events) => Task.CompletedTask;

    /// <summary>Hook run after a batch is applied (e.g. letting go of what <see cref="BeforeApplyAsync"/> loaded).</summary>
    protected virtual void AfterApply()
    {
    }

    /// <summary>
    /// Hook run before every state write: derived records the written state relies on (e.g. its wake-up in the
    /// durable index) are made durable first. A failure fails the write.
    /// </summary>
    protected virtual Task BeforeWriteAsync() => Task.CompletedTask;

    /// <summary>Hook for work that must precede catch-up (e.g. loading volatile context).</summary>
    protected virtual Task OnActivatingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        // Never write when this activation was discarded: its memory holds changes its storage refused.
        if (_discarded) return;
        if (_dirty)
        {
            // Events applied behind: write them, then let their effects run before the activation goes.
            await BeforeWriteAsync();
            _effectsDoneUnwritten = false;
            await store.WriteStateAsync(cancellationToken);
            _dirty = false;
            AfterPersist();
            ScheduleEffects();
        }
        await _effects;
        // Record which effects are done so a reactivation does not repeat them (repeats would be harmless). An idle
        // grain whose last write already saw its effects done writes nothing: Orleans' idle collection of a million
        // customers must not cost a million writes.
        if (_effectsDoneUnwritten) await store.WriteStateAsync(cancellationToken);
    }

    /// <summary>Applies and writes through: when this returns, the position it reports is durable.</summary>
    public async Task<long> DeliverAsync(IReadOnlyList<LoggedEvent> events)
    {
        ThrowIfDiscarded();
        if (events.Count > 0 && events[^1].Sequence > S.AppliedSequence) await ApplyAsync(events, writeBehind: false);
        else if (_dirty) await PersistAsync();
        return S.AppliedSequence;
    }

    private LoggedEvent? FirstNew(IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
            if (e.Sequence > S.AppliedSequence) return e;
        return null;
    }

    /// <summary>
    /// Applies the positions not applied yet. Written through, or (<paramref name="writeBehind"/>, for events the
    /// log can replay) left for one write a moment later that covers every delivery in between.
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<LoggedEvent> events, bool writeBehind)
    {
        using var activity = EngineTelemetry.Source.StartActivity("grain.apply");
        activity?.SetTag("pd.stream", Kind.ToString());
        var started = Stopwatch.GetTimestamp();
        if (EngineTelemetry.GrainEventAge.Enabled && FirstNew(events) is { } first)
            EngineTelemetry.GrainEventAge.Record((DateTimeOffset.UtcNow - first.Event.OccurredAt).TotalMilliseconds, new KeyValuePair<string, object?>("stream", Kind.ToString()));
        await BeforeApplyAsync(events);
        var applied = 0;
        foreach (var e in events)
        {
            if (e.Sequence <= S.AppliedSequence) continue;
            S.PendingEffects.AddRange(Apply(e.Event));
            S.AppliedSequence = e.Sequence;
            applied++;
        }
        AfterApply();
        EngineTelemetry.EventsApplied.Add(applied, new KeyValuePair<string, object?>("stream", Kind.ToString()));
        if (writeBehind && _writeBehind > TimeSpan.Zero)
        {
            // A non-interleaving one-shot timer: its write runs as a turn of its own, so no delivery mutates the
            // state while it is being written.
            _dirty = true;
            _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushDelay(), Timeout.InfiniteTimeSpan));
            if (!EffectsAwaitWrite) ScheduleEffects();
        }
        else
        {
            await WriteOrDeactivateAsync();
            AfterPersist();
            ScheduleEffects();
        }
        EngineTelemetry.ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// How long a write-behind waits. Grains whose pushes follow the write write at most once per window, but the first
    /// write after a quiet window goes at once (a 1 ms timer: its turn still runs after the deliveries already queued
    /// here, so they share it): a lone chat is not held for the window, and a busy persona's writes stay bounded.
    /// </summary>
    private TimeSpan FlushDelay()
    {
        if (!EffectsAwaitWrite) return _writeBehind;
        var since = Stopwatch.GetElapsedTime(_lastWrite);
        return since >= _writeBehind ? QuietFlush : _writeBehind - since;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        if (_discarded || !_dirty) return;
        try
        {
            await WriteOrDeactivateAsync();
        }
        catch (Exception)
        {
            // Already logged; this activation is discarded and the next delivery reactivates the grain from the log.
            return;
        }
        AfterPersist();
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
            _dirty = false;
            _lastWrite = Stopwatch.GetTimestamp();
            await BeforeWriteAsync();
            _effectsDoneUnwritten = false;
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
        if (!_effects.IsCompleted || S.PendingEffects.Count == 0) return;
        var run = RunEffectsAsync();
        // A finished run is not kept: its task would hold the async state machine for as long as the grain lives.
        _effects = run.IsCompleted ? Task.CompletedTask : run;
    }

    /// <summary>
    /// Runs the effect at the front, or the run of feed items to the same persona that starts there as one publish
    /// (through the silo's <see cref="PersonaFeedPublisher"/>, which also joins other grains' items to that persona).
    /// Returns how many effects were carried.
    /// </summary>
    private async Task<int> RunFrontAsync(GrainEffect effect)
    {
        if (effect.Kind != EffectKind.PublishToPersona)
        {
            _outbox ??= ServiceProvider.GetService<IOutbox>();
            await EffectRunner.RunAsync(GrainFactory, _outbox, TenantId, effect);
            return 1;
        }
        var run = 1;
        while (run < S.PendingEffects.Count && run < PersonaFeedPublisher.MaxBatch && S.PendingEffects[run] is { Kind: EffectKind.PublishToPersona } next
               && next.TargetId == effect.TargetId) run++;
        var items = new ConsoleItem[run];
        for (var i = 0; i < run; i++) items[i] = S.PendingEffects[i].Item!;
        _feedPublisher ??= ServiceProvider.GetService<PersonaFeedPublisher>() ?? new PersonaFeedPublisher(GrainFactory);
        await _feedPublisher.PublishAsync(TenantId, effect.TargetId, items);
        return run;
    }

    private async Task RunEffectsAsync()
    {
        // Only this loop removes effects, and only from the front; turns append at the end.
        while (S.PendingEffects.Count > 0)
        {
            var effect = S.PendingEffects[0];
            try
            {
                var done = await RunFrontAsync(effect);
                S.PendingEffects.RemoveRange(0, done);
                _effectsDoneUnwritten = true;
                _effectRetryDelay = EffectRetryFirst;
            }
            catch (Exception ex)
            {
                EngineTelemetry.EffectFailures.Add(1);
                logger.LogWarning(ex, "Effect {Kind} for {Target} failed; it stays pending and is retried in {Delay}", effect.Kind, effect.TargetId, _effectRetryDelay);
                // Retry on a timer too, not only on this grain's next delivery or write: effects queue in order, so a
                // stuck one would otherwise hold up every later one for as long as the grain stays quiet.
                _effectRetry ??= this.RegisterGrainTimer(RetryEffectsAsync,
                    new GrainTimerCreationOptions(_effectRetryDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
                _effectRetryDelay = TimeSpan.FromTicks(Math.Min(_effectRetryDelay.Ticks * 2, EffectRetryMax.Ticks));
                break;
            }
        }
        // Let go of this run (ScheduleEffects also drops a run that finished without awaiting).
        _effects = Task.CompletedTask;
    }

    private Task RetryEffectsAsync(CancellationToken cancellationToken)
    {
        _effectRetry?.Dispose();
        _effectRetry = null;
        if (!_discarded) ScheduleEffects();
        return Task.CompletedTask;
    }
}
