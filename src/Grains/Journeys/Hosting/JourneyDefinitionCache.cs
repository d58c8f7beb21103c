using System.Collections.Concurrent;
using System.Diagnostics;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;

namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>
/// The silo's view of every tenant's published journeys, for customer grains. A tenant's directory (statuses and
/// current versions) is read again at most every <see cref="DirectoryMaxAge"/>; a published version is immutable,
/// so once parsed it is kept for good under (tenant, journey, version). The directory's age is measured on the
/// monotonic clock, not the grains' <see cref="TimeProvider"/>, so a frozen or jumped test clock never pins it.
/// </summary>
public sealed class JourneyDefinitionCache(IGrainFactory grains)
{
    public static readonly TimeSpan DirectoryMaxAge = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ForcedReadInterval = TimeSpan.FromMilliseconds(250);

    private sealed record Directory(IReadOnlyList<JourneyDirectoryEntry> Entries, long ReadAt)
    {
        // Derived once per read, not on every decision that uses the directory.
        public IReadOnlyList<(string JourneyId, int Version)> Current { get; } = Entries
            .Where(e => e.CurrentVersion is not null && e.Status != JourneyLifecycle.Draft)
            .Select(e => (e.JourneyId, Version: e.CurrentVersion!.Value))
            .ToList();

        public IReadOnlyDictionary<string, JourneyStatus> Status { get; } =
            Entries.ToDictionary(e => e.JourneyId, e => (JourneyStatus)(int)e.Status, StringComparer.Ordinal);

        public IReadOnlyDictionary<string, int> EntryVersions { get; } = Entries
            .Where(e => e.EntryVersion is not null)
            .ToDictionary(e => e.JourneyId, e => e.EntryVersion!.Value, StringComparer.Ordinal);

        public bool Has((string JourneyId, int Version) expected) =>
            Entries.Any(x => x.JourneyId == expected.JourneyId && x.CurrentVersion >= expected.Version);

        /// <summary>
        /// The definitions of the current versions alone, built once per read and shared by every decision whose
        /// running instances need nothing else (the common case): no per-decision allocation, and a customer grain
        /// that keeps it between turns holds a shared object, not a copy.
        /// </summary>
        public TenantJourneys? CurrentOnly { get; set; }
    }

    private readonly ConcurrentDictionary<string, Directory> _directories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Journey, int Version), JourneyDefinition> _versions = new();
    private readonly ConcurrentDictionary<(string Tenant, string Journey, int Version), long> _forced = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<Directory>>> _reads = new(StringComparer.Ordinal);

    /// <summary>
    /// The tenant's journeys: the current version of each active one, plus the <paramref name="pinned"/> versions
    /// that running instances need (loaded now, because the decider reads them synchronously).
    /// </summary>
    /// <param name="expected">
    /// A journey version the caller knows is published (a trigger sweep's wake-up names it): when the cached directory
    /// does not have it yet, the directory is read again now (callers share one read, so a sweep waking a million
    /// customers does not read it a million times).
    /// </param>
    public async Task<IJourneyDefinitions> ForTenantAsync(
        string tenantId, IEnumerable<(string JourneyId, int Version)> pinned, (string JourneyId, int Version)? expected = null)
    {
        var directory = await DirectoryAsync(tenantId, expected);
        List<(string JourneyId, int Version)>? extra = null;
        foreach (var p in pinned)
            if (!directory.Current.Contains(p) && extra?.Contains(p) != true) (extra ??= []).Add(p);
        if (extra is null && directory.CurrentOnly is { } shared) return shared;
        IReadOnlyList<(string JourneyId, int Version)> wanted = extra is null ? directory.Current : [.. directory.Current, .. extra];
        var loaded = new List<JourneyDefinition>(wanted.Count);
        foreach (var (journeyId, version) in wanted)
            if (await VersionAsync(tenantId, journeyId, version) is { } definition) loaded.Add(definition);
        var set = new TenantJourneys(loaded, directory.Status, directory.EntryVersions);
        // Only a complete set is shared: a current version that failed to load is looked up again next time.
        if (extra is null && loaded.Count == wanted.Count) directory.CurrentOnly = set;
        return set;
    }

    private async Task<Directory> DirectoryAsync(string tenantId, (string JourneyId, int Version)? expected)
    {
        if (_directories.TryGetValue(tenantId, out var cached) && Stopwatch.GetElapsedTime(cached.ReadAt) < DirectoryMaxAge
            && (expected is not { } e || cached.Has(e) || !MustReread(tenantId, e, cached)))
            return cached;
        var fresh = await ReadAsync(tenantId);
        // Joined a read that began before the version was asked for: read once more (that one began after).
        if (expected is { } x && !fresh.Has(x) && _forced.TryGetValue((tenantId, x.JourneyId, x.Version), out var asked) && fresh.ReadAt < asked)
            fresh = await ReadAsync(tenantId);
        return fresh;
    }

    /// <summary>
    /// Whether a directory lacking an expected version is read again: always while no read has begun since the version
    /// was first asked for (the first ask comes after the publish: the sweep starts after it), then at most once per
    /// <see cref="ForcedReadInterval"/> (the version may have been paused or archived since, and stays missing).
    /// </summary>
    private bool MustReread(string tenantId, (string JourneyId, int Version) expected, Directory cached)
    {
        var key = (tenantId, expected.JourneyId, expected.Version);
        var now = Stopwatch.GetTimestamp();
        var asked = _forced.GetOrAdd(key, now);
        if (cached.ReadAt < asked) return true;
        if (Stopwatch.GetElapsedTime(asked, now) < ForcedReadInterval) return false;
        _forced[key] = now;
        return true;
    }

    /// <summary>One read of the tenant's directory at a time; callers arriving meanwhile share it.</summary>
    private async Task<Directory> ReadAsync(string tenantId)
    {
        var read = _reads.GetOrAdd(tenantId, t => new Lazy<Task<Directory>>(() => LoadAsync(t)));
        try
        {
            return await read.Value;
        }
        finally
        {
            _reads.TryRemove(KeyValuePair.Create(tenantId, read));
        }
    }

    private async Task<Directory> LoadAsync(string tenantId)
    {
        // Stamped before the call: the entries are at least as new as this instant.
        var started = Stopwatch.GetTimestamp();
        var entries = await grains.GetGrain<IJourneyDirectoryGrain>(tenantId).ListAsync();
        var fresh = new Directory(entries, started);
        _directories[tenantId] = fresh;
        return fresh;
    }

    private async Task<JourneyDefinition?> VersionAsync(string tenantId, string journeyId, int version)
    {
        if (_versions.TryGetValue((tenantId, journeyId, version), out var cached)) return cached;
        var document = await grains.GetGrain<IJourneyGrain>(TenantKey.Compose(tenantId, journeyId)).GetVersionAsync(version);
        // Published versions were validated when published; a version that no longer parses is left out (its
        // instances then exit with definition_missing) rather than cached.
        if (document is null || JourneyValidator.Validate(document.Json).Definition is not { } definition) return null;
        return _versions.GetOrAdd((tenantId, journeyId, version), definition);
    }

    /// <summary>One decision's definitions: new customers enter only the directory's entry version.</summary>
    private sealed class TenantJourneys : IJourneyDefinitions
    {
        private readonly Dictionary<(string, int), JourneyDefinition> _versions = [];
        private readonly IReadOnlyDictionary<string, JourneyStatus> _status;

        public TenantJourneys(
            IEnumerable<JourneyDefinition> loaded, IReadOnlyDictionary<string, JourneyStatus> status, IReadOnlyDictionary<string, int> entryVersions)
        {
            foreach (var d in loaded) _versions[(d.Id, d.Version)] = d;
            _status = status;
            Enterable = entryVersions
                .Select(kv => _versions.GetValueOrDefault((kv.Key, kv.Value)))
                .OfType<JourneyDefinition>()
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .ToList();
        }

        public IReadOnlyList<JourneyDefinition> Enterable { get; }

        public JourneyDefinition? Get(string journeyId, int version) => _versions.GetValueOrDefault((journeyId, version));

        public JourneyStatus Status(string journeyId) => _status.GetValueOrDefault(journeyId, JourneyStatus.Draft);
    }
}
