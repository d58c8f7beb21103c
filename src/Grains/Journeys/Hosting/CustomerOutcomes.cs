using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>
/// Puts a <see cref="CustomerOutcome"/> on the customer's timeline, once: the entry carries the outcome id, and an id
/// already on the (bounded) timeline is a repeat. A failure also goes to the owner's console, by the same id, so the
/// feed drops a repeat too.
/// </summary>
public static class CustomerOutcomes
{
    /// <summary>Timeline kind of an outcome that went through (a group routed, a webhook delivered).</summary>
    public const string Outcome = "journey.outcome";
    /// <summary>Timeline and console item kind of an outcome that failed for good (pool full or unknown, webhook failed).</summary>
    public const string Failed = "journey.failed";
    public const int MaxIdLength = 300;
    public const int MaxSummaryLength = 2000;

    public static void ThrowIfInvalid(CustomerOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (string.IsNullOrWhiteSpace(outcome.Id) || outcome.Id.Length > MaxIdLength)
            throw new ArgumentException($"An outcome id is 1–{MaxIdLength} characters.", nameof(outcome));
        if (string.IsNullOrWhiteSpace(outcome.Summary))
            throw new ArgumentException("An outcome has a summary.", nameof(outcome));
    }

    /// <summary>
    /// Records <paramref name="outcome"/> and returns the effects to run; null when there is nothing to write: a repeat,
    /// or a customer this tenant never saw (no state is made up for an id that names nobody).
    /// </summary>
    public static IReadOnlyList<GrainEffect>? Record(CustomerState s, string customerId, CustomerOutcome outcome)
    {
        if (!s.Known && s.AppliedSequence == 0) return null;
        if (s.Timeline.Exists(e => e.EventId == outcome.Id)) return null;
        var summary = Text.Clip(outcome.Summary, MaxSummaryLength);
        s.Timeline.AddBounded(new TimelineEntry(outcome.At, outcome.Failed ? Failed : Outcome, summary, outcome.Id), CustomerProjection.TimelineMax);
        if (!outcome.Failed) return [];
        var item = new ConsoleItem(0, Failed, outcome.At, customerId, null, s.OwnerPersonaId, s.OwnerAgentId, summary, outcome.Id);
        if (s.OwnerAgentId is { } agent) return [GrainEffect.Notify(agent, item)];
        if (s.OwnerPersonaId is { } persona) return [GrainEffect.Publish(persona, item)];
        return [];
    }
}
