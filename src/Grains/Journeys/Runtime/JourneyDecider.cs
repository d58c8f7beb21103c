using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>What one command decided: facts to fold into the state, and work for the grain to carry out.</summary>
public sealed record JourneyDecision(IReadOnlyList<JourneyEvent> Events, IReadOnlyList<JourneyEffect> Effects)
{
    public static readonly JourneyDecision None = new([], []);
}

/// <summary>
/// The journey engine as a decider: pure and deterministic, no Orleans runtime, time passed in. The grain dedupes
/// nothing itself: it calls <see cref="Decide"/>, folds the events with <see cref="Evolve"/>, persists the state and
/// the effects in one write, then runs the effects. See docs/journeys.md, "Runtime semantics".
/// </summary>
public static class JourneyDecider
{
    /// <summary>The variant name recorded when a split puts the customer in the holdout (control) group.</summary>
    public const string Holdout = "holdout";

    /// <summary>Steps one instance may run without waiting; the validator forbids instant loops, this is the backstop.</summary>
    public const int MaxInstantSteps = 256;

    public static JourneyDecision Decide(
        CustomerJourneysState state, JourneyCommand command, JourneyFacts facts, IJourneyDefinitions definitions, DateTimeOffset now)
    {
        if (state.HasProcessed(command.CommandId)) return JourneyDecision.None;
        if (command is TagsChanged tags && !tags.Concerns(definitions)) return JourneyDecision.None;
        var run = new JourneyRun(state, facts, definitions);
        // Ticks are idempotent by nature (they act only on what is due), so they do not use up the bounded id list.
        if (command is not WakeUp) run.Emit(new CommandProcessed(command.CommandId));
        // Every command first catches up on due waits and trigger occurrences, so the order in which ticks arrive
        // never matters: an occurrence enters as of its own instant, after the waits due before it.
        var (marks, firings) = JourneyTriggers.Evaluate(state, facts, definitions, now);
        if (!marks.SequenceEqual(state.Triggers)) run.Emit(new TriggersEvaluated(marks));
        foreach (var f in firings.OrderBy(f => f.At).ThenBy(f => f.Definition.Id, StringComparer.Ordinal))
        {
            run.AdvanceDue(f.At);
            run.TryEnter(f.Definition, f.CommandId, f.Reason, entryData: null, f.At);
        }
        run.AdvanceDue(now);
        switch (command)
        {
            case EventArrived e:
                run.OnEvent(e.CommandId, e.Event, now);
                break;
            case StartJourney s:
                if (definitions.Enterable.FirstOrDefault(d => d.Id == s.JourneyId) is { } definition)
                    run.TryEnter(definition, s.CommandId, s.Reason, entryData: null, now);
                break;
            case TagsChanged t:
                run.OnTagsChanged(t, now);
                break;
        }
        return run.Result();
    }

    public static CustomerJourneysState Evolve(CustomerJourneysState state, JourneyEvent e) => e switch
    {
        TriggersEvaluated x => state with { Triggers = x.Marks },
        CommandProcessed p => state with { ProcessedCommands = Bounded(state.ProcessedCommands, JourneyHash.Of(p.CommandId)) },
        JourneyEntered x => state with
        {
            Instances = state.Instances.Add(new JourneyInstance
            {
                InstanceId = x.InstanceId, JourneyId = x.JourneyId, Version = x.Version, StepId = x.StartStep,
                EnteredAt = x.At, EntryData = x.EntryData,
            }),
            History = Upsert(state.History, x.JourneyId, h => h is null
                ? new JourneyHistory(x.JourneyId, 1, x.At, null)
                : h with { Entries = h.Entries + 1, LastEnteredAt = x.At }),
        },
        StepEntered x => Update(state, x.InstanceId, i => i with { StepId = x.StepId, Seq = x.Seq, DueAt = null, AwaitsEvent = null }),
        VariantChosen x => Update(state, x.InstanceId, i => i with { Variant = x.Variant }),
        WaitStarted x => Update(state, x.InstanceId, i => i with { DueAt = x.DueAt, AwaitsEvent = x.AwaitsEvent }),
        AwaitedEventReceived x => Update(state, x.InstanceId, i => i with { AwaitedData = x.Data, DueAt = null, AwaitsEvent = null }),
        JourneyExited x when state.Instance(x.InstanceId) is { } gone => state with
        {
            Instances = state.Instances.Remove(gone),
            History = Upsert(state.History, x.JourneyId, h => (h ?? new JourneyHistory(x.JourneyId, 1, gone.EnteredAt, null)) with { LastExitedAt = x.At }),
        },
        _ => state, // JourneyConverted is analytics only; events for unknown instances change nothing
    };

    private static CustomerJourneysState Update(CustomerJourneysState state, string instanceId, Func<JourneyInstance, JourneyInstance> change)
    {
        var index = state.Instances.IndexOf(state.Instance(instanceId)!);
        return index < 0 ? state : state with { Instances = state.Instances.SetItem(index, change(state.Instances[index])) };
    }

    private static System.Collections.Immutable.ImmutableArray<JourneyHistory> Upsert(
        System.Collections.Immutable.ImmutableArray<JourneyHistory> history, string journeyId, Func<JourneyHistory?, JourneyHistory> change)
    {
        for (var i = 0; i < history.Length; i++)
            if (history[i].JourneyId == journeyId) return history.SetItem(i, change(history[i]));
        return history.Add(change(null));
    }

    private static System.Collections.Immutable.ImmutableArray<ulong> Bounded(System.Collections.Immutable.ImmutableArray<ulong> ids, ulong id)
    {
        var added = ids.Add(id);
        return added.Length <= CustomerJourneysState.MaxProcessedCommands
            ? added
            : added.RemoveRange(0, added.Length - CustomerJourneysState.MaxProcessedCommands);
    }
}
