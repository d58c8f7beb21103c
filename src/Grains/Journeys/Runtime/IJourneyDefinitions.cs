using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>The published journeys as the decider sees them (the grain builds this from the catalog).</summary>
public interface IJourneyDefinitions
{
    /// <summary>A published version, for instances pinned to it; null when unknown.</summary>
    JourneyDefinition? Get(string journeyId, int version);

    /// <summary>The journey's status; <see cref="JourneyStatus.Draft"/> for an unknown journey.</summary>
    JourneyStatus Status(string journeyId);

    /// <summary>The latest version of every active (published, not paused or archived) journey, ordered by id.</summary>
    IReadOnlyList<JourneyDefinition> Enterable { get; }
}

/// <summary>An in-memory <see cref="IJourneyDefinitions"/>: every published version plus each journey's status.</summary>
public sealed class JourneyDefinitionSet : IJourneyDefinitions
{
    private readonly Dictionary<(string, int), JourneyDefinition> _versions = [];
    private readonly Dictionary<string, JourneyStatus> _status = new(StringComparer.Ordinal);

    public JourneyDefinitionSet(IEnumerable<JourneyDefinition> published, IReadOnlyDictionary<string, JourneyStatus>? status = null)
    {
        foreach (var d in published)
        {
            _versions[(d.Id, d.Version)] = d;
            _status[d.Id] = status?.GetValueOrDefault(d.Id, JourneyStatus.Active) ?? JourneyStatus.Active;
        }
        Enterable = _versions.Values
            .Where(d => _status[d.Id] == JourneyStatus.Active)
            .GroupBy(d => d.Id)
            .Select(g => g.MaxBy(d => d.Version)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>From catalog records, parsing each published version's canonical JSON.</summary>
    public static JourneyDefinitionSet FromCatalogs(IEnumerable<JourneyCatalog> catalogs)
    {
        var list = catalogs.ToList();
        var definitions = list
            .SelectMany(c => c.Versions.IsDefaultOrEmpty ? [] : c.Versions)
            .Select(v => JourneyValidator.Validate(v.Json).Definition)
            .OfType<JourneyDefinition>();
        return new JourneyDefinitionSet(definitions, list.ToDictionary(c => c.JourneyId, c => c.Status));
    }

    public IReadOnlyList<JourneyDefinition> Enterable { get; }

    public JourneyDefinition? Get(string journeyId, int version) => _versions.GetValueOrDefault((journeyId, version));

    public JourneyStatus Status(string journeyId) => _status.GetValueOrDefault(journeyId, JourneyStatus.Draft);
}
