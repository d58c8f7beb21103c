using System.Text.Json;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Examples;

namespace PrivateDomain.Tests.Unit.Journeys.Definition;

public sealed class JourneyExamplesTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(relative);
    }

    private static MiniJsonSchema Schema()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFile("docs/schemas/journey.schema.json")));
        return new MiniJsonSchema(doc.RootElement.Clone());
    }

    public static TheoryData<string> Names() => [.. JourneyExamples.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Shipped_example_passes_the_validator(string name)
    {
        var definition = JourneyValidator.Validate(JourneyExamples.Json(name)).AssertValid();
        Assert.Equal(name, definition.Id);
        Assert.Equal(1, definition.Version);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Shipped_example_conforms_to_the_json_schema(string name)
    {
        using var doc = JsonDocument.Parse(JourneyExamples.Json(name));
        Assert.Empty(Schema().Errors(doc.RootElement));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Canonical_form_of_an_example_conforms_to_the_json_schema(string name)
    {
        var canonical = JourneyJson.Serialize(JourneyValidator.Validate(JourneyExamples.Json(name)).AssertValid());
        using var doc = JsonDocument.Parse(canonical);
        Assert.Empty(Schema().Errors(doc.RootElement));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Embedded_example_matches_the_file_in_the_repository(string name) =>
        Assert.Equal(File.ReadAllText(RepoFile($"src/Grains/Journeys/Examples/{name}.json")), JourneyExamples.Json(name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Documentation_shows_the_example_in_full(string name) =>
        Assert.Contains(JourneyExamples.Json(name).TrimEnd(), File.ReadAllText(RepoFile("docs/journeys.md")));

    [Fact]
    public void Schema_rejects_what_the_validator_rejects_structurally()
    {
        var journey = Journeys.Minimal();
        journey.Step(1).With("duration", "3 days");
        journey.With("surprise", true);
        using var doc = JsonDocument.Parse(journey.ToJsonString());
        var errors = Schema().Errors(doc.RootElement);
        Assert.Contains(errors, e => e.StartsWith("$.surprise", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.steps[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_top_level_fields_are_the_fields_the_validator_reads()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoFile("docs/schemas/journey.schema.json")));
        var properties = doc.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
        var required = doc.RootElement.GetProperty("required").EnumerateArray().Select(p => p.GetString()!).Order().ToList();
        Assert.Equal(["$schema", "description", "entry", "goal", "id", "maxConcurrent", "name", "reentry", "start", "steps", "timezone", "version"], properties);
        Assert.Equal(["entry", "id", "name", "start", "steps", "version"], required);
        var model = typeof(JourneyDefinition).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet();
        Assert.Subset(model, properties.Where(p => p != "$schema").ToHashSet());
    }
}
