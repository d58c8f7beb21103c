namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// A fact decided by <see cref="JourneyDecider.Decide"/>. Evolve folds them into the state; the analytics events
/// (<see cref="JourneyEntered"/>, <see cref="StepEntered"/>, <see cref="JourneyExited"/>, <see cref="JourneyConverted"/>)
/// also feed per-step journey reporting.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyEvent")]
public abstract record JourneyEvent;

/// <summary>The command was handled; later deliveries of the same id are ignored.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyCommandProcessed")]
public sealed record CommandProcessed([property: Id(0)] string CommandId) : JourneyEvent;

/// <summary>The time-fired entry triggers were evaluated: the marks replace the state's (see <see cref="JourneyTriggers"/>).</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyTriggersEvaluated")]
public sealed record TriggersEvaluated([property: Id(0)] System.Collections.Immutable.ImmutableArray<TriggerMark> Marks) : JourneyEvent;

[GenerateSerializer, Immutable, Alias("pd.JourneyEntered")]
public sealed record JourneyEntered(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] int Version,
    [property: Id(3)] string StartStep,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string Reason,
    [property: Id(6)] string? EntryData) : JourneyEvent;

[GenerateSerializer, Immutable, Alias("pd.JourneyStepEntered")]
public sealed record StepEntered(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] string StepId,
    [property: Id(3)] int Seq,
    [property: Id(4)] DateTimeOffset At) : JourneyEvent;

/// <summary>A split step chose a variant (or <see cref="JourneyDecider.Holdout"/>).</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyVariantChosen")]
public sealed record VariantChosen(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] string StepId,
    [property: Id(3)] string Variant) : JourneyEvent;

/// <summary>The instance waits at its current step until <see cref="DueAt"/>, or for <see cref="AwaitsEvent"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyWaitStarted")]
public sealed record WaitStarted(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string StepId,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] string? AwaitsEvent) : JourneyEvent;

/// <summary>The awaited event arrived; its projected data is what <c>event_data of awaited</c> reads from now on.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyAwaitedEventReceived")]
public sealed record AwaitedEventReceived(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string StepId,
    [property: Id(2)] string EventId,
    [property: Id(3)] string? Data) : JourneyEvent;

[GenerateSerializer, Immutable, Alias("pd.JourneyExited")]
public sealed record JourneyExited(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] int Version,
    [property: Id(3)] string StepId,
    [property: Id(4)] string Reason,
    [property: Id(5)] string? Detail,
    [property: Id(6)] DateTimeOffset At) : JourneyEvent;

/// <summary>The goal event happened: a conversion, always followed by an exit with reason <c>goal</c>.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyConverted")]
public sealed record JourneyConverted(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] int Version,
    [property: Id(3)] string GoalEventId,
    [property: Id(4)] DateTimeOffset At) : JourneyEvent;

/// <summary>Why an instance ended.</summary>
public static class ExitReasons
{
    public const string Completed = "completed";
    public const string Goal = "goal";
    public const string Holdout = "holdout";
    public const string Archived = "archived";
    /// <summary>The pinned version or a step in it cannot be found (should not happen: published versions are immutable).</summary>
    public const string DefinitionMissing = "definition_missing";
    /// <summary>The runaway-loop guard stopped an instance that ran too many steps without waiting.</summary>
    public const string LoopGuard = "loop_guard";
}
