using System.Collections.Concurrent;

namespace PrivateDomain.Grains.Domain;

/// <summary>
/// One instance per value for the few-valued strings a million customer states repeat (event types, persona, agent
/// and journey ids, sources, property and identity names, tags, journey timeline lines): each state points at the
/// silo's copy instead of holding its own. Bounded: once <see cref="Capacity"/> values are pooled, new ones are
/// returned as they are (correct, merely not shared), so free-form input cannot grow it without limit.
/// </summary>
public static class SharedStrings
{
    public const int Capacity = 50_000;
    public const int MaxLength = 96;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Share(string value)
    {
        if (value.Length > MaxLength) return value;
        if (Pool.TryGetValue(value, out var shared)) return shared;
        return Pool.Count >= Capacity ? value : Pool.GetOrAdd(value, value);
    }

    public static string? ShareOrNull(string? value) => value is null ? null : Share(value);
}
