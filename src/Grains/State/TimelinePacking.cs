using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Grains.State;

/// <summary>
/// A customer's timeline as it is stored: every customer write carries its last 50 entries, and as objects each entry
/// and each of its strings cost the serializer a reference-tracking entry (a linear scan, then a growing table).
/// </summary>
public sealed class StoredTimeline(List<TimelineEntry> entries)
{
    public List<TimelineEntry> Entries { get; } = entries;
}

[GenerateSerializer, Alias("pd.StoredTimelineSurrogate")]
public struct StoredTimelineSurrogate
{
    [Id(0)] public byte[]? Packed;
}

[RegisterConverter]
public sealed class StoredTimelineConverter : IConverter<StoredTimeline, StoredTimelineSurrogate>
{
    public StoredTimeline ConvertFromSurrogate(in StoredTimelineSurrogate surrogate) =>
        new(surrogate.Packed is { } packed ? TimelinePacking.Unpack(packed) : []);

    public StoredTimelineSurrogate ConvertToSurrogate(in StoredTimeline value) => new() { Packed = TimelinePacking.Pack(value.Entries) };
}

/// <summary>Timeline entries as one byte array: a format byte, the count, then per entry its time, kind, summary and event id.</summary>
public static class TimelinePacking
{
    private const byte Format = 1;

    public static byte[] Pack(IReadOnlyList<TimelineEntry> entries)
    {
        var size = 1 + Packing.VarSize((ulong)entries.Count);
        foreach (var e in entries) size += Packing.TimeSize + Packing.StringSize(e.Kind) + Packing.StringSize(e.Summary) + 1 + Packing.OptionalSize(e.EventId);
        var packed = new byte[size];
        var w = new PackWriter(packed);
        w.Byte(Format);
        w.Var((ulong)entries.Count);
        foreach (var e in entries)
        {
            w.Time(e.At);
            w.String(e.Kind);
            w.String(e.Summary);
            w.Byte(e.EventId is null ? (byte)0 : (byte)1);
            if (e.EventId is { } id) w.String(id);
        }
        w.End("Timeline");
        return packed;
    }

    public static List<TimelineEntry> Unpack(byte[] packed)
    {
        var r = new PackReader(packed);
        var count = r.Begin(Format, "timeline");
        var entries = new List<TimelineEntry>(count);
        for (var n = 0; n < count; n++)
        {
            var at = r.Time();
            // Kinds are event types; summaries repeat across customers (journey lines) and are shared when short.
            var kind = SharedStrings.Share(r.String());
            var summary = SharedStrings.Share(r.String());
            var eventId = r.Byte() == 0 ? null : r.String();
            entries.Add(new TimelineEntry(at, kind, summary, eventId));
        }
        return entries;
    }
}
