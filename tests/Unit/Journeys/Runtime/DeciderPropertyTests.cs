using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;
using PrivateDomain.Grains.Journeys.Runtime;
using PrivateDomain.Tests.Unit.Journeys.Definition;
using Xunit.Abstractions;
using static PrivateDomain.Tests.Unit.Journeys.Runtime.RuntimeKit;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

public class DeciderPropertyTests(ITestOutputHelper output)
{
    private static readonly JourneyDefinitionSet Published = new(
    [
        JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.Welcome)).Definition!,
        JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.FilterChangeReminder)).Definition!,
        JourneyValidator.Validate(JourneyExamples.Json(JourneyExamples.SixInteractions)).Definition!,
        Parse(Journey("browse", WaitFor("w", EventTypes.PageView, "6h", "seen", "done"), Tag("seen", "browser", "w2"), Wait("w2", "1h", "done"), Exit())
            .With("entry", JsonNode.Parse("""{ "type": "event", "event": "chat.message" }"""))
            .With("reentry", new JsonObject { ["mode"] = "after_days", ["days"] = 1 }).With("maxConcurrent", 2)
            .With("goal", JsonNode.Parse("""{ "event": "behavior.material_open" }"""))),
        Timed("birthday", """{ "type": "date", "property": "birthday", "recurrence": "yearly", "offsetDays": -3, "at": "09:00" }"""),
        Timed("weekly", """{ "type": "schedule", "every": "weekly", "days": ["mon", "thu"], "at": "20:00", "audience": { "type": "not", "condition": { "type": "tag", "tag": "x" } } }"""),
        Timed("lapsed", """{ "type": "segment", "segment": "champion", "on": "leave" }"""),
    ]);

    /// <summary>Birthday 06-20, a champion whose recency decays during the sequences: every timed trigger fires.</summary>
    private static readonly JourneyFacts TimedFacts = Facts() with
    {
        Properties = new Dictionary<string, string> { ["birthday"] = "1990-06-20" },
        Activity = new CustomerActivity(true, false, 5, 5000m, T0.AddDays(-3), T0.AddDays(-3)),
    };

    private static JourneyDefinition Timed(string id, string entry) =>
        Parse(Journey(id, Tag("hello", $"entered:{id}", "w"), Wait("w", "2d", "done"), Exit())
            .With("entry", JsonNode.Parse(entry)).With("reentry", new JsonObject { ["mode"] = "after_exit" }).With("timezone", "Asia/Shanghai"));

    private static readonly string[] Sources = ["store_qr", "douyin", "live_stream", "web"];
    private static readonly string[] Texts = ["1", "2", "skin", "make-up", "hello"];

    [Fact]
    public void Duplicates_and_stale_ticks_do_not_diverge_from_the_deduplicated_sequence()
    {
        var seed = Environment.GetEnvironmentVariable("JOURNEY_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with JOURNEY_SEED={seed})");
        var random = new Random(seed);
        var effects = 0;
        var timed = new HashSet<string>();
        for (var trial = 0; trial < 150; trial++)
        {
            var (clean, noisy) = Sequences(random, trial);
            var (cleanState, cleanEffects, cleanTimed) = Play(clean);
            var (noisyState, noisyEffects, _) = Play(noisy);
            timed.UnionWith(cleanTimed);
            Assert.True(cleanState == noisyState, $"seed {seed} trial {trial}: states differ\n{cleanState}\n{noisyState}");
            Assert.Equal(cleanEffects, noisyEffects);
            effects += cleanEffects.Count;
        }
        Assert.True(effects > 500, $"seed {seed}: only {effects} effects; the sequences exercise too little");
        Assert.Equal(["birthday", "lapsed", "weekly"], timed.Order(StringComparer.Ordinal));
    }

    private static (List<(JourneyCommand, DateTimeOffset)> Clean, List<(JourneyCommand, DateTimeOffset)> Noisy) Sequences(Random random, int trial)
    {
        var clean = new List<(JourneyCommand, DateTimeOffset)>();
        var noisy = new List<(JourneyCommand, DateTimeOffset)>();
        var now = T0;
        // A tick is stale when the customer has already decided a later command. Trigger marks make this exact: the
        // first evaluation starts them (nothing earlier fires), and a tick between two evaluations is a punctual wake
        // that may enter an occurrence the later command alone would have skipped as "missed". So both sequences
        // begin with an evaluation, and stale ticks fall before the latest decided command (a tag change that no
        // journey listens for is not decided at all).
        var decided = T0;
        clean.Add((new WakeUp($"t{trial}-first", T0), T0));
        noisy.Add((new WakeUp($"t{trial}-first", T0), T0));
        for (var i = 0; i < 60; i++)
        {
            now = now.AddMinutes(random.Next(0, 36 * 60));
            JourneyCommand command = random.Next(7) switch
            {
                0 => Arrive(trial, i, EventTypes.CustomerAdded, $$"""{"source":"{{Sources[random.Next(Sources.Length)]}}"}"""),
                1 => Arrive(trial, i, EventTypes.ChatMessage, $$"""{"text":"{{Texts[random.Next(Texts.Length)]}}"}"""),
                2 => Arrive(trial, i, random.Next(4) == 0 ? EventTypes.Purchase : EventTypes.MaterialOpen,
                    random.Next(2) == 0 ? """{"category":"air_purifier","model":"AP"}""" : """{"category":"air_filter"}"""),
                3 => Arrive(trial, i, EventTypes.PageView, """{"url":"/filters/x"}"""),
                4 => random.Next(2) == 0
                    ? new TagsChanged($"t{trial}-tags{i}", ["super_user"], [])
                    : new TagsChanged($"t{trial}-tags{i}", [], ["super_user"]),
                _ => new WakeUp($"t{trial}-tick{i}", now),
            };
            clean.Add((command, now));
            noisy.Add((command, now));
            if (command is not TagsChanged tags || tags.Concerns(Published)) decided = now;
            if (random.Next(3) == 0)
            {
                // Redeliver a recent command (within the bounded processed-id window), later than first time.
                var recent = noisy.Select(x => x.Item1).Where(c => c is EventArrived or TagsChanged).TakeLast(8).ToList();
                if (recent.Count > 0) noisy.Add((recent[random.Next(recent.Count)], now.AddSeconds(1)));
            }
            if (random.Next(4) == 0)
            {
                var stale = T0 + (decided - T0) * random.NextDouble();
                noisy.Add((new WakeUp($"t{trial}-stale{i}", stale), stale));
            }
        }
        return (clean, noisy);
    }

    private static EventArrived Arrive(int trial, int i, string type, string data)
    {
        var id = $"t{trial}-e{i}";
        return new EventArrived($"ev:{id}", Ev.Make(type, data: data, id: id, at: T0));
    }

    private static (string State, IReadOnlyList<string> Effects, IEnumerable<string> Timed) Play(List<(JourneyCommand Command, DateTimeOffset Now)> commands)
    {
        var c = new FakeCustomer(Published) { Facts = TimedFacts };
        foreach (var (command, now) in commands) c.Handle(command, now);
        var effects = c.Effects.Select(e => e.EffectId).ToList();
        Assert.Equal(effects.Count, effects.Distinct().Count());
        var timed = c.Events.OfType<JourneyEntered>().Where(e => e.Reason.Split(':')[0] is "date" or "schedule" or "segment left").Select(e => e.JourneyId);
        return (JsonSerializer.Serialize(c.State), effects.Order(StringComparer.Ordinal).ToList(), timed.ToList());
    }
}
