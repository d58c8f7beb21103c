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
/// Enter a journey without an entering event: a start_journey action (command id = the effect id). Tag triggers
/// have their own command, <see cref="TagsChanged"/>; date, schedule and segment triggers are evaluated by every
/// command (see <see cref="JourneyTriggers"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStart")]
public sealed record StartJourney(string CommandId, [property: Id(0)] string JourneyId, [property: Id(1)] string Reason)
    : JourneyCommand(CommandId);

/// <summary>
/// The customer's tags changed: <see cref="Added"/> and <see cref="Removed"/> are the edges (see
/// <see cref="TagsChanged.Between"/>). Enters every active journey whose <c>tag</c> trigger matches an edge
/// (<c>enter</c> on an added tag, <c>leave</c> on a removed one). The command id names the cause (the log event, the
/// journey effect or the agent action that changed the tags), so a replay of the cause makes the same decision.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyTagsChanged")]
public sealed record TagsChanged(
    string CommandId, [property: Id(0)] IReadOnlyList<string> Added, [property: Id(1)] IReadOnlyList<string> Removed)
    : JourneyCommand(CommandId)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;

    /// <summary>
    /// Whether any enterable journey has a tag trigger on one of these edges. When none does the decider does
    /// nothing at all (not even record the id), so tag changes nobody listens to keep the id window for real causes.
    /// </summary>
    public bool Concerns(IJourneyDefinitions definitions) => !IsEmpty && definitions.Enterable.Any(d =>
        d.Entry is Definition.TagTrigger t
        && (t.On == Definition.MembershipEdge.Enter ? Added : Removed).Contains(t.Tag, StringComparer.Ordinal));

    /// <summary>The edges between two tag sets (ordinal, in the order of <paramref name="after"/> and <paramref name="before"/>).</summary>
    public static TagsChanged Between(string commandId, IEnumerable<string> before, IEnumerable<string> after)
    {
        var was = before.ToHashSet(StringComparer.Ordinal);
        var now = after.ToHashSet(StringComparer.Ordinal);
        return new TagsChanged(commandId,
            after.Where(t => !was.Contains(t)).Distinct(StringComparer.Ordinal).ToList(),
            before.Where(t => !now.Contains(t)).Distinct(StringComparer.Ordinal).ToList());
    }
}
