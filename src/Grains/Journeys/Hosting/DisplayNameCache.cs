using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>
/// The silo's view of persona and agent display names, for <c>{{persona.name}}</c> and <c>{{agent.name}}</c> in journey
/// templates. A name is read from its grain at most every <see cref="MaxAge"/> (so a rename shows within a minute), a
/// failed read is retried after <see cref="FailedRetry"/> and keeps the last known name meanwhile: a name only decorates
/// a message, so it never fails a decision. Ages are on the monotonic clock, not the grains' <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Safe to await from a customer grain: neither the persona's nor the agent's request turns ever wait on a customer
/// (the persona's SetCustomerOwner effect runs outside its turns), so the calls cannot deadlock.
/// </remarks>
public sealed class DisplayNameCache(IGrainFactory grains, ILogger<DisplayNameCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan FailedRetry = TimeSpan.FromSeconds(5);

    private enum Owner { Persona, Agent }

    private sealed record Entry(string? Name, long ReadAt, TimeSpan MaxAge)
    {
        public bool Fresh => Stopwatch.GetElapsedTime(ReadAt) < MaxAge;
    }

    private readonly ConcurrentDictionary<(Owner, string GrainKey), Entry> _names = new();
    private readonly ConcurrentDictionary<(Owner, string GrainKey), Lazy<Task<Entry>>> _reads = new();

    /// <summary>A snapshot of the names of a tenant's personas and agents; completes synchronously while all are fresh.</summary>
    public async ValueTask<DisplayNames> ForTenantAsync(string tenantId, IEnumerable<string?> personaIds, IEnumerable<string?> agentIds) =>
        new(await NamesAsync(Owner.Persona, tenantId, personaIds), await NamesAsync(Owner.Agent, tenantId, agentIds));

    private async ValueTask<Dictionary<string, string?>> NamesAsync(Owner owner, string tenantId, IEnumerable<string?> ids)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (id is null || names.ContainsKey(id)) continue;
            var key = (owner, TenantKey.Compose(tenantId, id));
            names[id] = _names.TryGetValue(key, out var held) && held.Fresh ? held.Name : (await ReadAsync(key)).Name;
        }
        return names;
    }

    /// <summary>One read of a name at a time; callers arriving meanwhile share it.</summary>
    private async Task<Entry> ReadAsync((Owner, string) key)
    {
        var read = _reads.GetOrAdd(key, k => new Lazy<Task<Entry>>(() => LoadAsync(k)));
        try
        {
            return await read.Value;
        }
        finally
        {
            _reads.TryRemove(KeyValuePair.Create(key, read));
        }
    }

    private async Task<Entry> LoadAsync((Owner Owner, string GrainKey) key)
    {
        // Stamped before the call: the name is at least as new as this instant.
        var started = Stopwatch.GetTimestamp();
        Entry fresh;
        try
        {
            var name = key.Owner == Owner.Persona
                ? (await grains.GetGrain<IPersonaGrain>(key.GrainKey).GetAsync()).Name
                : (await grains.GetGrain<IAgentGrain>(key.GrainKey).GetAsync()).Name;
            fresh = new Entry(name, started, MaxAge);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var held = _names.GetValueOrDefault(key);
            logger.LogWarning(ex, "Could not read the name of {Owner} {Key}; templates use the last known one ({Name}) for now",
                key.Owner, key.GrainKey, held?.Name);
            fresh = new Entry(held?.Name, started, FailedRetry);
        }
        _names[key] = fresh;
        return fresh;
    }
}
