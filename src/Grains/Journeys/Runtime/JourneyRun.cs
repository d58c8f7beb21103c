using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// One decision in progress: every event is folded into the working state as it is emitted, so later steps of the
/// same decision see earlier ones exactly as a replay through <see cref="JourneyDecider.Evolve"/> would.
/// </summary>
internal sealed class JourneyRun(CustomerJourneysState state, JourneyFacts facts, IJourneyDefinitions definitions)
{
    public const int MaxInstantSteps = JourneyDecider.MaxInstantSteps;

    /// <summary>Waits one decision may resolve while catching up after missed ticks (a backstop, far above real use).</summary>
    public const int MaxCatchUp = 10_000;

    private readonly List<JourneyEvent> _events = [];
    private readonly List<JourneyEffect> _effects = [];

    public CustomerJourneysState State { get; private set; } = state;

    public void Emit(JourneyEvent e)
    {
        _events.Add(e);
        State = JourneyDecider.Evolve(State, e);
    }

    public JourneyDecision Result() => _events.Count == 0 ? JourneyDecision.None : new JourneyDecision(_events, _effects);

    /// <summary>
    /// Resolves every wait due at <paramref name="now"/>, earliest first. A resolved wait continues as of its due
    /// time, not <paramref name="now"/>: a late tick yields the same schedule as a punctual one.
    /// </summary>
    public void AdvanceDue(DateTimeOffset now)
    {
        for (var round = 0; round < MaxCatchUp; round++)
        {
            var due = State.Instances
                .Where(i => i.DueAt <= now)
                .OrderBy(i => i.DueAt).ThenBy(i => i.InstanceId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (due is null) return;
            var wait = Definition(due)?.Step(due.StepId) as WaitStep;
            var next = wait is null ? null : due.AwaitsEvent is null ? wait.Next : wait.TimeoutNext ?? wait.Next;
            Continue(due, next, due.DueAt!.Value);
        }
    }

    public void OnEvent(string commandId, EngineEvent e, DateTimeOffset now)
    {
        // Goals first: a purchase that is both the goal and an awaited event ends the journey.
        foreach (var instance in State.Instances)
        {
            if (Definition(instance) is not { Goal: { } goal } || !EventView.Matches(goal, e)) continue;
            Emit(new JourneyConverted(instance.InstanceId, instance.JourneyId, instance.Version, e.Id, now));
            Exit(instance, ExitReasons.Goal, null, now);
        }
        foreach (var instance in State.Instances.Where(i => i.AwaitsEvent == e.Type))
        {
            if (Definition(instance) is not { } definition || definition.Step(instance.StepId) is not WaitStep { Event: { } match } wait) continue;
            if (!EventView.Matches(match, e)) continue;
            Emit(new AwaitedEventReceived(instance.InstanceId, wait.Id, e.Id, EventView.Project(definition, e.DataJson)));
            Continue(State.Instance(instance.InstanceId)!, wait.Next, now);
        }
        foreach (var definition in definitions.Enterable)
        {
            if (definition.Entry is not EventTrigger trigger || trigger.Event != e.Type) continue;
            if (!EventView.Matches(new EventMatch(trigger.Event, trigger.Filters), e)) continue;
            TryEnter(definition, commandId, $"event:{e.Type}", EventView.Project(definition, e.DataJson), now);
        }
    }

    /// <summary>
    /// Tag entry triggers: each active journey whose trigger matches an edge is tried once, in id order (a journey
    /// is entered at most once per command even if its tag was both removed and added, which a diff cannot yield).
    /// </summary>
    public void OnTagsChanged(TagsChanged change, DateTimeOffset now)
    {
        foreach (var definition in definitions.Enterable)
        {
            if (definition.Entry is not TagTrigger trigger) continue;
            var edges = trigger.On == MembershipEdge.Enter ? change.Added : change.Removed;
            if (!edges.Contains(trigger.Tag, StringComparer.Ordinal)) continue;
            var reason = trigger.On == MembershipEdge.Enter ? $"tag added: {trigger.Tag}" : $"tag removed: {trigger.Tag}";
            TryEnter(definition, change.CommandId, reason, entryData: null, now);
        }
    }

    /// <summary>Enters the journey if its re-entry rule and concurrency limit allow, then runs to the first wait.</summary>
    public void TryEnter(JourneyDefinition definition, string commandId, string reason, string? entryData, DateTimeOffset now)
    {
        if (!MayEnter(definition, now)) return;
        var instanceId = JourneyHash.Id(commandId, definition.Id);
        if (State.Instance(instanceId) is not null) return;
        Emit(new JourneyEntered(instanceId, definition.Id, definition.Version, definition.Start, now, reason, entryData));
        Run(instanceId, definition.Start, now);
    }

    private bool MayEnter(JourneyDefinition definition, DateTimeOffset now)
    {
        var active = State.Instances.Count(i => i.JourneyId == definition.Id);
        if (active >= Math.Max(1, definition.MaxConcurrent)) return false;
        if (State.HistoryOf(definition.Id) is not { } history) return true;
        return definition.Reentry.Mode switch
        {
            ReentryMode.Never => false,
            ReentryMode.AfterExit => active == 0,
            _ => now >= history.LastEnteredAt.AddDays(definition.Reentry.Days ?? 0),
        };
    }

    /// <summary>Leaves a wait for <paramref name="next"/>; an archived journey's instances exit here instead.</summary>
    private void Continue(JourneyInstance instance, string? next, DateTimeOffset at)
    {
        if (definitions.Status(instance.JourneyId) == JourneyStatus.Archived) Exit(instance, ExitReasons.Archived, null, at);
        else if (next is null) Exit(instance, ExitReasons.DefinitionMissing, instance.StepId, at);
        else Run(instance.InstanceId, next, at);
    }

    private void Run(string instanceId, string stepId, DateTimeOffset at)
    {
        for (var n = 0; n < MaxInstantSteps; n++)
        {
            var instance = State.Instance(instanceId)!;
            if (Definition(instance) is not { } definition || definition.Step(stepId) is not { } step)
            {
                Exit(instance, ExitReasons.DefinitionMissing, stepId, at);
                return;
            }
            var seq = instance.Seq + 1;
            Emit(new StepEntered(instanceId, instance.JourneyId, stepId, seq, at));
            switch (step)
            {
                case WaitStep wait:
                    var due = WaitClock.DueAt(wait, at, WaitClock.ZoneFor(facts, definition));
                    Emit(new WaitStarted(instanceId, stepId, due, wait.Event?.Event));
                    return;
                case BranchStep branch:
                    var context = new StepContext(definition, facts, instance.EntryData, instance.AwaitedData);
                    stepId = branch.Cases.FirstOrDefault(c => context.Holds(c.When))?.Next ?? branch.Else;
                    break;
                case SplitStep split:
                    var variant = JourneySplit.Choose(split, instanceId);
                    Emit(new VariantChosen(instanceId, instance.JourneyId, stepId, variant?.Name ?? JourneyDecider.Holdout));
                    if (variant is null)
                    {
                        Exit(State.Instance(instanceId)!, ExitReasons.Holdout, stepId, at);
                        return;
                    }
                    stepId = variant.Next;
                    break;
                case ActionStep action:
                    var ctx = new StepContext(definition, facts, instance.EntryData, instance.AwaitedData);
                    _effects.Add(Effects.For(action.Action, ctx, new EffectKey($"{instanceId}:{seq}:{stepId}", instance.JourneyId, instanceId, stepId, at)));
                    stepId = action.Next;
                    break;
                case ExitStep exit:
                    Exit(State.Instance(instanceId)!, ExitReasons.Completed, exit.Reason, at);
                    return;
            }
        }
        Exit(State.Instance(instanceId)!, ExitReasons.LoopGuard, stepId, at);
    }

    private void Exit(JourneyInstance instance, string reason, string? detail, DateTimeOffset at) =>
        Emit(new JourneyExited(instance.InstanceId, instance.JourneyId, instance.Version, instance.StepId, reason, detail, at));

    private JourneyDefinition? Definition(JourneyInstance instance) => definitions.Get(instance.JourneyId, instance.Version);
}

internal readonly record struct EffectKey(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At);

/// <summary>Turns an action into the effect the grain executes, with its templates rendered.</summary>
internal static class Effects
{
    public static JourneyEffect For(JourneyAction action, StepContext ctx, EffectKey k) => action switch
    {
        SendMessageAction m => new SendMessageEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, ctx.Facts.PersonaId,
            m.Kind, m.Class, ctx.Render(m.Template), ctx.Render(m.Title), m.Url, m.MediaUrl, m.MaterialId, m.AppId, m.Page),
        AddTagAction t => new AddTagEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, t.Tag),
        RemoveTagAction t => new RemoveTagEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, t.Tag),
        SetPropertyAction p => new SetPropertyEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, p.Property, ctx.Render(p.Value)!),
        CreateTaskAction t => new CreateTaskEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, ctx.Render(t.Title)!, ctx.Render(t.Note), k.At + t.DueIn),
        NotifyAgentAction n => new NotifyAgentEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, ctx.Render(n.Title)!, ctx.Render(n.Body)),
        AddToGroupAction g => new AddToGroupEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, g.Pool),
        StartJourneyAction s => new StartJourneyEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, s.Journey),
        WebhookAction w => new WebhookEffect(k.EffectId, k.JourneyId, k.InstanceId, k.StepId, k.At, w.Url, w.Secret, Payload(ctx, k)),
        _ => throw new NotSupportedException($"Unknown journey action {action.GetType().Name}."),
    };

    private static string Payload(StepContext ctx, EffectKey k) => JsonSerializer.Serialize(new
    {
        journeyId = k.JourneyId,
        version = ctx.Definition.Version,
        instanceId = k.InstanceId,
        step = k.StepId,
        customerId = ctx.Facts.CustomerId,
        at = k.At,
        effectId = k.EffectId,
    });
}
