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
    ]);

    private static readonly string[] Sources = ["store_qr", "douyin", "live_stream", "web"];
    private static readonly string[] Texts = ["1", "2", "skin", "make-up", "hello"];

    [Fact]
    public void Duplicates_and_stale_ticks_do_not_diverge_from_the_deduplicated_sequence()
    {
        var seed = Environment.GetEnvironmentVariable("JOURNEY_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with JOURNEY_SEED={seed})");
        var random = new Random(seed);
        var effects = 0;
        for (var trial = 0; trial < 150; trial++)
        {
            var (clean, noisy) = Sequences(random, trial);
            var (cleanState, cleanEffects) = Play(clean);
            var (noisyState, noisyEffects) = Play(noisy);
            Assert.True(cleanState == noisyState, $"seed {seed} trial {trial}: states differ\n{cleanState}\n{noisyState}");
            Assert.Equal(cleanEffects, noisyEffects);
            effects += cleanEffects.Count;
        }
        Assert.True(effects > 500, $"seed {seed}: only {effects} effects; the sequences exercise too little");
    }

    private static (List<(JourneyCommand, DateTimeOffset)> Clean, List<(JourneyCommand, DateTimeOffset)> Noisy) Sequences(Random random, int trial)
    {
        var clean = new List<(JourneyCommand, DateTimeOffset)>();
        var noisy = new List<(JourneyCommand, DateTimeOffset)>();
        var now = T0;
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
            if (random.Next(3) == 0)
            {
                // Redeliver a recent command (within the bounded processed-id window), later than first time.
                var recent = noisy.Select(x => x.Item1).Where(c => c is EventArrived or TagsChanged).TakeLast(8).ToList();
                if (recent.Count > 0) noisy.Add((recent[random.Next(recent.Count)], now.AddSeconds(1)));
            }
            if (random.Next(4) == 0)
            {
                var stale = T0 + (now - T0) * random.NextDouble();
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

    private static (string State, IReadOnlyList<string> Effects) Play(List<(JourneyCommand Command, DateTimeOffset Now)> commands)
    {
        var c = new FakeCustomer(Published);
        foreach (var (command, now) in commands) c.Handle(command, now);
        var effects = c.Effects.Select(e => e.EffectId).ToList();
        Assert.Equal(effects.Count, effects.Distinct().Count());
        return (JsonSerializer.Serialize(c.State), effects.Order(StringComparer.Ordinal).ToList());
    }
}
