using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>What the customer grain asks the decider. <see cref="CommandId"/> is the idempotency key.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyCommand")]
public abstract record JourneyCommand([property: Id(0)] string CommandId);

/// <summary>An event about the customer: goals, awaited events, then event-triggered entries.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyEventArrived")]
public sealed record EventArrived(string CommandId, [property: Id(0)] EngineEvent Event) : JourneyCommand(CommandId);

/// <summary>
/// A reminder or timer tick. It acts only on what is due at the decider's <c>now</c>; <see cref="TickAt"/> is the
/// moment the tick was scheduled for, kept for diagnostics. Late, doubled and missed ticks are all harmless.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyWakeUp")]
public sealed record WakeUp(string CommandId, [property: Id(0)] DateTimeOffset TickAt) : JourneyCommand(CommandId);

/// <summary>
/// Enter a journey without an entering event: a start_journey action (command id = the effect id), or a tag,
/// segment, date or schedule trigger the grain detected.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStart")]
public sealed record StartJourney(string CommandId, [property: Id(0)] string JourneyId, [property: Id(1)] string Reason)
    : JourneyCommand(CommandId);
