using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Journeys.Analytics;

/// <summary>
/// Collects the counter changes of one customer decision (the decider's analytics events and the cadence decisions
/// on the journeys' touches) and turns them into one <see cref="EffectKind.JourneyStats"/> effect per journey.
/// Deterministic in its inputs, so a replay of the same decisions yields the same updates.
/// </summary>
public sealed class JourneyStatsBatch
{
    private readonly List<string> _journeys = [];
    private readonly Dictionary<string, List<JourneyStatsDelta>> _deltas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);

    public bool IsEmpty => _journeys.Count == 0;

    /// <summary>Counts <paramref name="e"/>; <paramref name="before"/> is the state it is about to be folded into.</summary>
    public void Observe(CustomerJourneysState before, JourneyEvent e)
    {
        switch (e)
        {
            case JourneyEntered x:
                _versions[x.InstanceId] = x.Version;
                Add(x.JourneyId, new JourneyStatsDelta(x.Version, x.StartStep, JourneyStatKind.JourneyEntered));
                break;
            case StepEntered x when before.Instance(x.InstanceId) is { } i:
                LeaveWait(i);
                Add(i.JourneyId, new JourneyStatsDelta(Version(i), x.StepId, JourneyStatKind.StepEntered));
                break;
            case WaitStarted x when before.Instance(x.InstanceId) is { } i:
                Add(i.JourneyId, new JourneyStatsDelta(Version(i), x.StepId, JourneyStatKind.Waiting, Amount: 1));
                break;
            case AwaitedEventReceived x when before.Instance(x.InstanceId) is { } i:
                LeaveWait(i);
                break;
            case JourneyConverted x:
                Add(x.JourneyId, new JourneyStatsDelta(x.Version, before.Instance(x.InstanceId)?.StepId ?? "", JourneyStatKind.Converted));
                break;
            case JourneyExited x:
                if (before.Instance(x.InstanceId) is { } gone)
                {
                    _versions[gone.InstanceId] = gone.Version;
                    LeaveWait(gone);
                }
                Add(x.JourneyId, new JourneyStatsDelta(x.Version, x.StepId, JourneyStatKind.Exited, x.Reason));
                break;
        }
    }

    /// <summary>Counts the ledger's decision on a journey touch (a duplicate touch is not a decision and is not counted).</summary>
    public void Cadence(CustomerJourneysState current, SendMessageEffect m, CadenceDecision decision)
    {
        var kind = decision.Outcome switch
        {
            CadenceOutcome.Send => JourneyStatKind.CadenceSent,
            CadenceOutcome.Defer => JourneyStatKind.CadenceDeferred,
            CadenceOutcome.Drop => JourneyStatKind.CadenceDropped,
            _ => JourneyStatKind.CadenceSkipped,
        };
        // The instance may have ended since (a deferred touch released later): version 0 says "no longer known".
        var version = _versions.TryGetValue(m.InstanceId, out var v) ? v : current.Instance(m.InstanceId)?.Version ?? 0;
        Add(m.JourneyId, new JourneyStatsDelta(version, m.StepId, kind, kind == JourneyStatKind.CadenceSent ? null : decision.Reason));
    }

    /// <summary>
    /// One effect per journey touched, each numbered from the customer's persisted sequence (advanced here), so the
    /// numbering is part of the state written with the decision and a replay numbers alike.
    /// </summary>
    public IEnumerable<GrainEffect> Effects(CustomerState s, string customerId)
    {
        foreach (var journey in _journeys)
            yield return GrainEffect.JourneyStats(journey, new JourneyStatsUpdate(customerId, ++s.JourneyStatsSequence, _deltas[journey]));
    }

    private void LeaveWait(JourneyInstance i)
    {
        if (i.DueAt is not null || i.AwaitsEvent is not null)
            Add(i.JourneyId, new JourneyStatsDelta(Version(i), i.StepId, JourneyStatKind.Waiting, Amount: -1));
    }

    private int Version(JourneyInstance i)
    {
        _versions[i.InstanceId] = i.Version;
        return i.Version;
    }

    private void Add(string journeyId, JourneyStatsDelta delta)
    {
        if (!_deltas.TryGetValue(journeyId, out var list))
        {
            _deltas[journeyId] = list = [];
            _journeys.Add(journeyId);
        }
        list.Add(delta);
    }
}
