using System.Text.Json;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Catalog;

/// <summary>Turns a catalog and the rules' answers into the contract's views.</summary>
internal static class JourneyViews
{
    public static JourneyView View(string tenantId, JourneyCatalog c, bool exists) => new(
        tenantId,
        c.JourneyId,
        exists,
        Lifecycle(c.Status),
        CurrentVersion(c),
        c.Versions.IsDefaultOrEmpty ? [] : c.Versions.Select(v => new JourneyVersionInfo(v.Version, v.PublishedAt)).ToList(),
        c.DraftJson,
        c.DraftJson is null ? [] : Problems(JourneyValidator.Validate(c.DraftJson).Problems),
        c.UpdatedAt);

    public static JourneyCommandResult Result(string tenantId, CatalogResult r, bool exists) =>
        new(View(tenantId, r.Catalog, exists), r.Error is { } e ? Error(e) : null, r.Message, Problems(r.Problems));

    public static JourneyCommandResult NotFound(string tenantId, string journeyId) => new(
        View(tenantId, JourneyCatalogRules.Create(journeyId), exists: false), JourneyCommandError.NotFound,
        "There is no such journey; save a draft to create it.", []);

    public static JourneyDirectoryEntry Entry(JourneyCatalog c) =>
        new(c.JourneyId, Name(c), Lifecycle(c.Status), CurrentVersion(c), c.UpdatedAt);

    /// <summary>The contract's error of the same name; a unit of the contract, so a new rule error fails loudly here.</summary>
    public static JourneyCommandError Error(CatalogError e) => Enum.Parse<JourneyCommandError>(e.ToString());

    private static JourneyLifecycle Lifecycle(JourneyStatus s) => s switch
    {
        JourneyStatus.Draft => JourneyLifecycle.Draft,
        JourneyStatus.Active => JourneyLifecycle.Active,
        JourneyStatus.Paused => JourneyLifecycle.Paused,
        JourneyStatus.Archived => JourneyLifecycle.Archived,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    private static int? CurrentVersion(JourneyCatalog c) => c.Versions.IsDefaultOrEmpty ? null : c.LatestVersion;

    private static List<JourneyPathProblem> Problems(IReadOnlyList<JourneyProblem> problems) =>
        problems.Select(p => new JourneyPathProblem(p.Path, p.Message)).ToList();

    /// <summary>The name customers' operators know it by: the published one, else the draft's (which may lack one).</summary>
    private static string? Name(JourneyCatalog c)
    {
        var json = c.Versions.IsDefaultOrEmpty ? c.DraftJson : c.Versions[^1].Json;
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
