using PrivateDomain.Grains.Cadence;
using Xunit.Abstractions;

namespace PrivateDomain.Tests.Unit.Cadence;

/// <summary>
/// Random touch sequences with redeliveries and random clock steps across DST transitions: the ledger never breaks a
/// cap, the gap or quiet hours, never loses a touch, ignores redeliveries and decides identically on replay.
/// </summary>
public sealed class CadencePropertyTests(ITestOutputHelper output)
{
    private static readonly string[] Zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"];
    private static readonly string[] Channels = [CadenceChannels.WeComDirect, CadenceChannels.GroupMention, CadenceChannels.Sms];
    private static readonly TouchSource[] Sources =
        [TouchSource.Journey("j1", "s1"), TouchSource.Journey("j2", "s4"), TouchSource.Campaign("c1"), new(TouchSourceKind.AgentMassSend, "a1")];

    private sealed record Step(TimeSpan Advance, Touch? Touch);

    [Theory]
    [InlineData(1)]
    [InlineData(20260308)]
    [InlineData(424242)]
    public void Random_touch_sequences_never_break_a_rule_lose_a_touch_or_diverge_on_replay(int baseSeed)
    {
        const int runs = 40;
        var outcomes = new Dictionary<string, int>();
        for (var run = 0; run < runs; run++)
        {
            var seed = baseSeed + run;
            var random = new Random(seed);
            var zone = LocalTime.Zone(Zones[random.Next(Zones.Length)]);
            var policy = Policy(random);
            var start = random.Next(2) == 0
                ? new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(60 * 24 * 40))
                : new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(60 * 24 * 20));
            var script = Script(random, start);
            var context = $"seed {seed} ({zone.Id}, max deferral {policy.MaxDeferral})";

            var decisions = Run(script, policy, zone, start);

            Assert.True(decisions.SequenceEqual(Run(script, policy, zone, start)), $"{context}: replay diverged");
            var deduplicated = script.Select((s, i) => s.Touch is { } t && script.Take(i).Any(p => p.Touch?.Id == t.Id) ? s with { Touch = null } : s).ToList();
            Assert.True(Sends(decisions).SequenceEqual(Sends(Run(deduplicated, policy, zone, start))), $"{context}: redeliveries changed what was sent");
            CheckRules(decisions, policy, zone, context);
            foreach (var d in decisions) outcomes[$"{d.Decision.Outcome}/{d.Decision.Reason}"] = outcomes.GetValueOrDefault($"{d.Decision.Outcome}/{d.Decision.Reason}") + 1;
        }
        output.WriteLine($"seeds {baseSeed}..{baseSeed + runs - 1}: {runs} runs kept every rule; "
            + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
    }

    private static CadencePolicy Policy(Random random) => new()
    {
        Caps =
        [
            FrequencyCap.Marketing("marketing_24h", 2, TimeSpan.FromHours(24)),
            FrequencyCap.Marketing("marketing_7d", 4, TimeSpan.FromDays(7)),
            FrequencyCap.Marketing("sms_7d", 1, TimeSpan.FromDays(7), CadenceChannels.Sms),
            FrequencyCap.Service("service_24h", 3, TimeSpan.FromHours(24)),
            FrequencyCap.Mass("mass_day", 1, TimeSpan.FromHours(24)),
            FrequencyCap.Mass("mass_week", 2, TimeSpan.FromDays(7)),
            FrequencyCap.Mass("mass_month", 4, TimeSpan.FromDays(31)),
        ],
        QuietHours = new QuietHours(new TimeOnly(21, 30), new TimeOnly(8, 30)),
        MinGap = TimeSpan.FromMinutes(20),
        MaxDeferral = new[] { TimeSpan.FromHours(2), TimeSpan.FromHours(12), TimeSpan.FromDays(3) }[random.Next(3)],
    };

    private static List<Step> Script(Random random, DateTimeOffset start)
    {
        var steps = new List<Step>();
        var touches = new List<Touch>();
        var clock = start;
        for (var i = random.Next(40, 160); i > 0; i--)
        {
            var advance = TimeSpan.FromMinutes(random.Next(4) switch { 0 => 0, 1 => random.Next(1, 30), 2 => random.Next(30, 600), _ => random.Next(600, 3000) });
            clock += advance;
            Touch? touch = null;
            if (touches.Count > 0 && random.Next(10) < 3) touch = touches[random.Next(touches.Count)];
            else if (random.Next(10) < 9)
            {
                touch = new Touch($"t{touches.Count}", Sources[random.Next(Sources.Length)], Channels[random.Next(Channels.Length)],
                    random.Next(10) < 7 ? TouchClass.Marketing : TouchClass.Service, random.Next(10) < 3, clock);
                touches.Add(touch);
            }
            steps.Add(new Step(advance, touch));
        }
        return steps;
    }

    /// <summary>Plays the script as a grain would: due deferred touches first on every tick, then the new one; then drains the queue.</summary>
    private static List<CadenceEntry> Run(List<Step> script, CadencePolicy policy, TimeZoneInfo zone, DateTimeOffset start)
    {
        var state = new CadenceLedgerState();
        var decisions = new List<CadenceEntry>();
        var clock = start;
        void Decide(Touch t) => decisions.Add(new CadenceEntry(t, CadenceLedger.Apply(state, t, policy, zone, clock)));
        foreach (var step in script)
        {
            clock += step.Advance;
            foreach (var due in CadenceLedger.DueDeferred(state, clock)) Decide(due);
            if (step.Touch is { } touch) Decide(touch);
        }
        for (var i = 0; i < 10_000 && state.NextDueAt is { } next; i++)
        {
            clock = next > clock ? next : clock;
            foreach (var due in CadenceLedger.DueDeferred(state, clock)) Decide(due);
        }
        Assert.Empty(state.Deferred);
        return decisions;
    }

    private static List<(string, DateTimeOffset)> Sends(List<CadenceEntry> decisions) =>
        decisions.Where(d => d.Decision.Outcome == CadenceOutcome.Send).Select(d => (d.Touch.Id, d.Decision.DecidedAt)).ToList();

    private static void CheckRules(List<CadenceEntry> decisions, CadencePolicy policy, TimeZoneInfo zone, string context)
    {
        var sends = decisions.Where(d => d.Decision.Outcome == CadenceOutcome.Send).ToList();
        foreach (var send in sends)
        {
            var at = send.Decision.DecidedAt;
            foreach (var cap in policy.Caps.Where(c => c.AppliesTo(send.Touch.Channel, send.Touch.Class, send.Touch.IsMass)))
            {
                var inWindow = sends.Count(s => s.Decision.DecidedAt > at - cap.Window && s.Decision.DecidedAt <= at
                    && cap.AppliesTo(s.Touch.Channel, s.Touch.Class, s.Touch.IsMass));
                Assert.True(inWindow <= cap.Max, $"{context}: {inWindow} sends within {cap.Name} at {at:O}");
            }
            Assert.False(policy.QuietHours!.Contains(TimeOnly.FromDateTime(LocalTime.ToLocal(at, zone))), $"{context}: sent in quiet hours at {at:O}");
            Assert.True(at <= send.Touch.RequestedAt + policy.MaxDeferral, $"{context}: {send.Touch.Id} sent after its maximum deferral");
        }
        var times = sends.Select(s => s.Decision.DecidedAt).Order().ToList();
        for (var i = 1; i < times.Count; i++)
            Assert.True(times[i] - times[i - 1] >= policy.MinGap, $"{context}: sends {times[i - 1]:O} and {times[i]:O} closer than the gap");

        foreach (var touch in decisions.GroupBy(d => d.Touch.Id))
        {
            var final = touch.Where(d => d.Decision.Outcome != CadenceOutcome.Defer && d.Decision.Reason != CadenceReasons.DuplicateTouch).ToList();
            Assert.True(final.Count == 1, $"{context}: touch {touch.Key} has {final.Count} final outcomes");
        }
    }
}
