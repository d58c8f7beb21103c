using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.State;

/// <summary>
/// A console feed: the newest items with a gap-free sequence. Stored packed (<see cref="FeedPacking"/>): a persona
/// writes its feed with every change, and 500 items as an object graph cost the serializer a reference-tracking entry
/// per item and per string, several times what the bytes themselves cost.
/// </summary>
public sealed record FeedState
{
    public long Sequence { get; set; }
    public List<ConsoleItem> Items { get; init; } = [];

    /// <summary>Encoded runs of items kept for the next write (memory only; see <see cref="FeedPacking.Pack(FeedState)"/>).</summary>
    public Dictionary<long, FeedPacking.PackedRun>? PackedRuns { get; internal set; }
}

/// <summary>
/// How a <see cref="FeedState"/> is stored. Field ids 0 and 1 are those of the feed's former generated shape (sequence,
/// items as objects), so a feed written before packing still reads; it is written back packed. A record, as the feed
/// was: Orleans lays records out with a base-end marker before their fields, so a plain struct would not read them.
/// </summary>
[GenerateSerializer, Alias("pd.FeedStateSurrogate")]
public record struct FeedStateSurrogate
{
    [Id(0)] public long Sequence;
    [Id(1)] public List<ConsoleItem>? Items;
    [Id(2)] public byte[]? Packed;
}

[RegisterConverter]
public sealed class FeedStateConverter : IConverter<FeedState, FeedStateSurrogate>
{
    public FeedState ConvertFromSurrogate(in FeedStateSurrogate surrogate) => new()
    {
        Sequence = surrogate.Sequence,
        Items = surrogate.Packed is { } packed ? FeedPacking.Unpack(packed) : surrogate.Items ?? [],
    };

    public FeedStateSurrogate ConvertToSurrogate(in FeedState value) =>
        new() { Sequence = value.Sequence, Packed = FeedPacking.Pack(value) };
}
