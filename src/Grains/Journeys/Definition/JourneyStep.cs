using System.Text.Json.Serialization;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>A named node of the journey graph.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WaitStep), "wait")]
[JsonDerivedType(typeof(BranchStep), "branch")]
[JsonDerivedType(typeof(SplitStep), "split")]
[JsonDerivedType(typeof(ActionStep), "action")]
[JsonDerivedType(typeof(ExitStep), "exit")]
public abstract record JourneyStep([property: JsonPropertyOrder(-1)] string Id)
{
    /// <summary>The steps this one can lead to, with the JSON path (relative to the step) that names each.</summary>
    public abstract IEnumerable<(string Target, string Field)> Edges();
}

/// <summary>
/// Exactly one of: a <see cref="Duration"/>; <see cref="Until"/> a local time on allowed weekdays; or an <see cref="Event"/>
/// with a <see cref="Timeout"/>, continuing at <see cref="Next"/> when it arrives and at <see cref="TimeoutNext"/> otherwise.
/// </summary>
public sealed record WaitStep(
    string Id,
    [property: JsonConverter(typeof(DurationConverter))] TimeSpan? Duration,
    WaitUntil? Until,
    EventMatch? Event,
    [property: JsonConverter(typeof(DurationConverter))] TimeSpan? Timeout,
    string Next,
    string? TimeoutNext) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Edges()
    {
        yield return (Next, "next");
        if (TimeoutNext is not null) yield return (TimeoutNext, "timeoutNext");
    }
}

/// <summary>The next moment, strictly after the wait begins, that is <see cref="Time"/> on one of <see cref="Days"/> locally.</summary>
public sealed record WaitUntil(
    [property: JsonConverter(typeof(LocalTimeConverter))] TimeOnly Time,
    IReadOnlyList<Weekday> Days);

/// <summary>The first case whose condition holds decides the next step; otherwise <see cref="Else"/>.</summary>
public sealed record BranchStep(string Id, IReadOnlyList<BranchCase> Cases, string Else) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Edges()
    {
        for (var i = 0; i < Cases.Count; i++) yield return (Cases[i].Next, $"cases[{i}].next");
        yield return (Else, "else");
    }
}

public sealed record BranchCase(Condition When, string Next);

/// <summary>
/// A weighted random choice for A/B tests. <see cref="HoldoutPercent"/> of customers exit at once (the control group);
/// the rest are shared among the variants by weight.
/// </summary>
public sealed record SplitStep(string Id, IReadOnlyList<SplitVariant> Variants, int HoldoutPercent) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Edges()
    {
        for (var i = 0; i < Variants.Count; i++) yield return (Variants[i].Next, $"variants[{i}].next");
    }
}

public sealed record SplitVariant(string Name, int Weight, string Next);

public sealed record ActionStep(string Id, JourneyAction Action, string Next) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Edges()
    {
        yield return (Next, "next");
    }
}

public sealed record ExitStep(string Id, string? Reason) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Edges() => [];
}
