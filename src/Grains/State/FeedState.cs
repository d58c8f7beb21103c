using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.State;

/// <summary>A console feed: the newest items with a gap-free sequence.</summary>
[GenerateSerializer, Alias("pd.FeedState")]
public sealed record FeedState
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public List<ConsoleItem> Items { get; init; } = [];
}
