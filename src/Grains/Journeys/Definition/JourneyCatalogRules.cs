using System.Text.Json;

namespace PrivateDomain.Grains.Journeys.Definition;

public enum CatalogError
{
    Archived,
    NoDraft,
    DraftNotJson,
    WrongJourneyId,
    PublishedVersionImmutable,
    WrongVersion,
    InvalidDraft,
    NotActive,
    NotPaused,
}

/// <summary>The catalog after a command, or the unchanged catalog and why the command was refused.</summary>
public sealed record CatalogResult(JourneyCatalog Catalog, CatalogError? Error, string? Message, IReadOnlyList<JourneyProblem> Problems)
{
    public bool IsOk => Error is null;

    internal static CatalogResult Ok(JourneyCatalog c, IReadOnlyList<JourneyProblem>? problems = null) => new(c, null, null, problems ?? []);

    internal static CatalogResult Refuse(JourneyCatalog c, CatalogError e, string message, IReadOnlyList<JourneyProblem>? problems = null) =>
        new(c, e, message, problems ?? []);
}

/// <summary>
/// The versioning rules, as pure functions of the catalog and time:
/// draft → publish (a new immutable version) → pause ⇄ resume → archive (final).
/// A draft is always the next version number; any attempt to write a published number is refused.
/// </summary>
public static class JourneyCatalogRules
{
    public static JourneyCatalog Create(string journeyId) => new() { JourneyId = journeyId, Status = JourneyStatus.Draft };

    /// <summary>
    /// Stores the draft even when it has validation problems (they are returned for the editor), but refuses text that is
    /// not a JSON object, names another journey, or carries a version number other than the next one.
    /// </summary>
    public static CatalogResult SaveDraft(JourneyCatalog c, string json, DateTimeOffset now)
    {
        if (c.Status == JourneyStatus.Archived) return Archived(c);
        if (System.Text.Encoding.UTF8.GetByteCount(json) > JourneyValidator.MaxBytes)
            return CatalogResult.Refuse(c, CatalogError.DraftNotJson, $"A definition is at most {JourneyValidator.MaxBytes / 1024} KiB of JSON.");
        string? id;
        int? version;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return CatalogResult.Refuse(c, CatalogError.DraftNotJson, "A draft must be a JSON object.");
            id = doc.RootElement.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            version = doc.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32Safe(out var n) ? n : null;
        }
        catch (JsonException ex)
        {
            return CatalogResult.Refuse(c, CatalogError.DraftNotJson, $"A draft must be valid JSON: {ex.Message}");
        }
        if (id != c.JourneyId)
            return CatalogResult.Refuse(c, CatalogError.WrongJourneyId, $"The draft's id must be '{c.JourneyId}'.");
        if (version is { } n2 && n2 >= 1 && n2 <= c.LatestVersion)
            return CatalogResult.Refuse(c, CatalogError.PublishedVersionImmutable,
                $"Version {n2} is published and can never change; save your changes as version {c.NextVersion}.");
        if (version != c.NextVersion)
            return CatalogResult.Refuse(c, CatalogError.WrongVersion, $"The draft's version must be the next version, {c.NextVersion}.");
        var problems = JourneyValidator.Validate(json).Problems;
        return CatalogResult.Ok(c with { DraftJson = json, UpdatedAt = now }, problems);
    }

    public static CatalogResult DiscardDraft(JourneyCatalog c, DateTimeOffset now)
    {
        if (c.Status == JourneyStatus.Archived) return Archived(c);
        if (c.DraftJson is null) return NoDraft(c);
        return CatalogResult.Ok(c with { DraftJson = null, UpdatedAt = now });
    }

    /// <summary>
    /// Makes the draft the next published version, stored as canonical JSON. The first publish activates the journey;
    /// publishing while paused keeps it paused (resume decides when customers enter the new version).
    /// </summary>
    public static CatalogResult Publish(JourneyCatalog c, DateTimeOffset now)
    {
        if (c.Status == JourneyStatus.Archived) return Archived(c);
        if (c.DraftJson is null) return NoDraft(c);
        var validation = JourneyValidator.Validate(c.DraftJson);
        if (validation.Definition is not { } definition)
            return CatalogResult.Refuse(c, CatalogError.InvalidDraft, "The draft has problems; fix them before publishing.", validation.Problems);
        // Checked again because the catalog may have moved on since the draft was saved.
        if (definition.Id != c.JourneyId)
            return CatalogResult.Refuse(c, CatalogError.WrongJourneyId, $"The draft's id must be '{c.JourneyId}'.");
        if (definition.Version != c.NextVersion)
            return CatalogResult.Refuse(c, CatalogError.WrongVersion, $"The draft's version must be the next version, {c.NextVersion}.");
        var published = new PublishedJourneyVersion(definition.Version, JourneyJson.Serialize(definition), now);
        var status = c.Status == JourneyStatus.Paused ? JourneyStatus.Paused : JourneyStatus.Active;
        return CatalogResult.Ok(c with { Status = status, DraftJson = null, Versions = (c.Versions.IsDefault ? [] : c.Versions).Add(published), UpdatedAt = now });
    }

    public static CatalogResult Pause(JourneyCatalog c, DateTimeOffset now) => c.Status switch
    {
        JourneyStatus.Active => CatalogResult.Ok(c with { Status = JourneyStatus.Paused, UpdatedAt = now }),
        JourneyStatus.Archived => Archived(c),
        _ => CatalogResult.Refuse(c, CatalogError.NotActive, $"Only an active journey can be paused; this one is {Name(c.Status)}."),
    };

    public static CatalogResult Resume(JourneyCatalog c, DateTimeOffset now) => c.Status switch
    {
        JourneyStatus.Paused => CatalogResult.Ok(c with { Status = JourneyStatus.Active, UpdatedAt = now }),
        JourneyStatus.Archived => Archived(c),
        _ => CatalogResult.Refuse(c, CatalogError.NotPaused, $"Only a paused journey can be resumed; this one is {Name(c.Status)}."),
    };

    /// <summary>Final. The draft is dropped; published versions stay readable for customers still inside and for analytics.</summary>
    public static CatalogResult Archive(JourneyCatalog c, DateTimeOffset now) =>
        c.Status == JourneyStatus.Archived ? Archived(c) : CatalogResult.Ok(c with { Status = JourneyStatus.Archived, DraftJson = null, UpdatedAt = now });

    private static CatalogResult Archived(JourneyCatalog c) =>
        CatalogResult.Refuse(c, CatalogError.Archived, "The journey is archived; nothing about it can change.");

    private static CatalogResult NoDraft(JourneyCatalog c) =>
        CatalogResult.Refuse(c, CatalogError.NoDraft, "There is no draft; save one first.");

    private static string Name(JourneyStatus s) => s.ToString().ToLowerInvariant();

    private static bool TryGetInt32Safe(this JsonElement e, out int value)
    {
        value = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value);
    }
}
