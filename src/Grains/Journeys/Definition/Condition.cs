using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>A test on the customer (and the entering or awaited event), used by branches and schedule audiences.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TagCondition), "tag")]
[JsonDerivedType(typeof(PropertyCondition), "property")]
[JsonDerivedType(typeof(RfmSegmentCondition), "rfm_segment")]
[JsonDerivedType(typeof(RfmScoreCondition), "rfm_score")]
[JsonDerivedType(typeof(LifecycleCondition), "lifecycle")]
[JsonDerivedType(typeof(SegmentCondition), "segment")]
[JsonDerivedType(typeof(EventDataCondition), "event_data")]
[JsonDerivedType(typeof(AllCondition), "all")]
[JsonDerivedType(typeof(AnyCondition), "any")]
[JsonDerivedType(typeof(NotCondition), "not")]
public abstract record Condition;

/// <summary>The customer has the tag.</summary>
public sealed record TagCondition(string Tag) : Condition;

/// <summary>A customer property compared with the filter operators.</summary>
public sealed record PropertyCondition(string Property, FilterOp Op, JsonElement? Value = null) : Condition;

/// <summary>The customer's RFM segment is one of <see cref="In"/> (see RfmCalculator.Segments).</summary>
public sealed record RfmSegmentCondition(IReadOnlyList<string> In) : Condition;

public enum RfmScore { R, F, M }

/// <summary>One RFM score (1–5, 0 with no purchase) compared with an ordering or equality operator.</summary>
public sealed record RfmScoreCondition(RfmScore Score, FilterOp Op, int Value) : Condition;

/// <summary>The lifecycle stage is one of <see cref="In"/> (see Lifecycle).</summary>
public sealed record LifecycleCondition(IReadOnlyList<string> In) : Condition;

/// <summary>The customer is a member of the named segment.</summary>
public sealed record SegmentCondition(string Segment) : Condition;

public enum EventSource { Entry, Awaited }

/// <summary>A filter on the event that entered the customer, or on the last event a wait step received.</summary>
public sealed record EventDataCondition(EventSource Of, string Path, FilterOp Op, JsonElement? Value = null) : Condition;

public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record NotCondition(Condition Condition) : Condition;
