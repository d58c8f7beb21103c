using PrivateDomain.Grains.Cadence.Hosting;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Domain;

/// <summary>
/// A customer's entry in the campaign directory and a stable marker of its fields, so the grain writes the entry only
/// when one of them changed. Pure.
/// </summary>
public static class CustomerDirectoryEntries
{
    public const string NameProperty = "name";

    /// <summary>
    /// The marker of the state's directory fields, or 0 for a customer the directory has no reason to hold (never added,
    /// no owner, no tags). Stable across processes (FNV-1a, not <see cref="HashCode"/>), never 0 otherwise.
    /// </summary>
    public static long Marker(CustomerState s)
    {
        if (!s.Known && s.OwnerPersonaId is null && s.Tags.Count == 0) return 0;
        var h = new Fnv();
        h.Add(s.OwnerPersonaId);
        h.Add(s.OwnerAgentId);
        h.Add(s.Properties.GetValueOrDefault(NameProperty));
        h.Add(s.Properties.GetValueOrDefault(CustomerTouches.TimeZoneProperty));
        h.Add(s.Tags.Count);
        foreach (var t in s.Tags) h.Add(t);
        h.Add(s.PurchaseCount);
        Span<int> total = stackalloc int[4];
        decimal.GetBits(s.PurchaseTotal, total);
        foreach (var part in total) h.Add(part);
        h.Add(s.LastPurchaseAt?.UtcTicks ?? -1);
        h.Add(s.RemovedAt is null ? 0 : 1);
        return h.Value == 0 ? 1 : h.Value;
    }

    public static CustomerDirectoryEntry Entry(CustomerState s, string tenantId, string customerId) =>
        new(tenantId, customerId, s.OwnerPersonaId, s.OwnerAgentId, s.Properties.GetValueOrDefault(NameProperty),
            s.Properties.GetValueOrDefault(CustomerTouches.TimeZoneProperty), s.Tags.ToArray(), s.PurchaseCount, s.PurchaseTotal,
            s.LastPurchaseAt, s.RemovedAt is not null);

    private struct Fnv
    {
        private const ulong Prime = 1099511628211;
        private ulong _h = 14695981039346656037;

        public Fnv()
        {
        }

        public readonly long Value => unchecked((long)_h);

        public void Add(long v)
        {
            for (var i = 0; i < 8; i++, v >>= 8) _h = unchecked((_h ^ (byte)v) * Prime);
        }

        // Null and "" differ; the length ends each string, so ("ab","c") and ("a","bc") differ.
        public void Add(string? v)
        {
            if (v is null)
            {
                Add(-1L);
                return;
            }
            foreach (var c in v) _h = unchecked((_h ^ c) * Prime);
            Add(v.Length);
        }
    }
}
