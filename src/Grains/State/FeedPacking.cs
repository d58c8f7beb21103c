using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.State;

/// <summary>
/// Feed items as one byte array: a format byte, the count, then per item its sequence, kind, time (UTC ticks and
/// offset minutes), a presence mask for the optional ids, the ids present, the text and the event id. Strings are
/// length-prefixed UTF-8; on reading, the few-valued ones (kind, persona, agent) are shared.
/// </summary>
public static class FeedPacking
{
    private const byte Format = 1;
    private const byte HasCustomer = 1, HasGroup = 2, HasPersona = 4, HasAgent = 8, HasEvent = 16;

    /// <summary>Items are encoded in runs of this many sequence numbers; a full run's bytes are kept and reused.</summary>
    public const int ChunkSize = 50;

    /// <summary>
    /// Packs a feed, reusing the encoded bytes of every full run of <see cref="ChunkSize"/> items it packed before: a
    /// busy persona rewrites its whole feed with each change, but only its newest run is encoded again. (Items only
    /// ever join at the end and leave at the front, and are immutable; a kept run is reused only while its first and
    /// last items are still the same objects at the same places.)
    /// </summary>
    public static byte[] Pack(FeedState feed)
    {
        var items = feed.Items;
        if (items.Count == 0) return Pack(items);
        var cache = feed.PackedRuns ??= new Dictionary<long, PackedRun>();
        var parts = new List<byte[]>(items.Count / ChunkSize + 2);
        var start = 0;
        while (start < items.Count)
        {
            var key = (items[start].Sequence - 1) / ChunkSize;
            var end = start;
            while (end + 1 < items.Count && (items[end + 1].Sequence - 1) / ChunkSize == key) end++;
            // Only a whole run is kept: the newest is still filling, and the oldest loses items as the feed trims.
            var whole = end - start + 1 == ChunkSize;
            if (whole && cache.TryGetValue(key, out var kept) && ReferenceEquals(kept.First, items[start]) && ReferenceEquals(kept.Last, items[end]))
            {
                parts.Add(kept.Bytes);
            }
            else
            {
                var bytes = Encode(items, start, end + 1);
                if (whole) cache[key] = new PackedRun(items[start], items[end], bytes);
                parts.Add(bytes);
            }
            start = end + 1;
        }
        var oldest = (items[0].Sequence - 1) / ChunkSize;
        foreach (var gone in cache.Keys.Where(k => k < oldest).ToList()) cache.Remove(gone);

        return Join(parts, items.Count);
    }

    /// <summary>Packs items without keeping anything (an empty feed; tests).</summary>
    public static byte[] Pack(IReadOnlyList<ConsoleItem> items) => Join([Encode(items, 0, items.Count)], items.Count);

    /// <summary>The header (format, count), then the encoded runs one after another, in one exact-size array.</summary>
    private static byte[] Join(IReadOnlyList<byte[]> parts, int count)
    {
        var header = 1 + Packing.VarSize((ulong)count);
        var packed = new byte[header + parts.Sum(p => p.Length)];
        var w = new PackWriter(packed);
        w.Byte(Format);
        w.Var((ulong)count);
        var at = header;
        foreach (var part in parts)
        {
            part.CopyTo(packed, at);
            at += part.Length;
        }
        return packed;
    }

    /// <summary>The items in [start, end) one after another, without the header.</summary>
    private static byte[] Encode(IReadOnlyList<ConsoleItem> items, int start, int end)
    {
        var size = 0;
        for (var n = start; n < end; n++)
        {
            var i = items[n];
            size += Packing.VarSize((ulong)i.Sequence) + Packing.StringSize(i.Kind) + Packing.TimeSize + 1 + Packing.StringSize(i.Text)
                    + Packing.OptionalSize(i.CustomerId) + Packing.OptionalSize(i.GroupId) + Packing.OptionalSize(i.PersonaId)
                    + Packing.OptionalSize(i.AgentId) + Packing.OptionalSize(i.EventId);
        }
        var packed = new byte[size];
        var w = new PackWriter(packed);
        for (var n = start; n < end; n++)
        {
            var i = items[n];
            w.Var((ulong)i.Sequence);
            w.String(i.Kind);
            w.Time(i.At);
            w.Byte((byte)((i.CustomerId is null ? 0 : HasCustomer) | (i.GroupId is null ? 0 : HasGroup) | (i.PersonaId is null ? 0 : HasPersona)
                          | (i.AgentId is null ? 0 : HasAgent) | (i.EventId is null ? 0 : HasEvent)));
            if (i.CustomerId is { } customer) w.String(customer);
            if (i.GroupId is { } group) w.String(group);
            if (i.PersonaId is { } persona) w.String(persona);
            if (i.AgentId is { } agent) w.String(agent);
            w.String(i.Text);
            if (i.EventId is { } eventId) w.String(eventId);
        }
        w.End("Feed");
        return packed;
    }

    /// <summary>A full run's encoded items, with the first and last item they were made from.</summary>
    public sealed record PackedRun(ConsoleItem First, ConsoleItem Last, byte[] Bytes);

    public static List<ConsoleItem> Unpack(byte[] packed)
    {
        var r = new PackReader(packed);
        var count = r.Begin(Format, "feed");
        var items = new List<ConsoleItem>(count);
        for (var n = 0; n < count; n++)
        {
            var sequence = (long)r.Var();
            var kind = SharedStrings.Share(r.String());
            var at = r.Time();
            var mask = r.Byte();
            var customer = (mask & HasCustomer) != 0 ? r.String() : null;
            var group = (mask & HasGroup) != 0 ? r.String() : null;
            var persona = (mask & HasPersona) != 0 ? SharedStrings.Share(r.String()) : null;
            var agent = (mask & HasAgent) != 0 ? SharedStrings.Share(r.String()) : null;
            var text = r.String();
            var eventId = (mask & HasEvent) != 0 ? r.String() : null;
            items.Add(new ConsoleItem(sequence, kind, at, customer, group, persona, agent, text, eventId));
        }
        return items;
    }
}
