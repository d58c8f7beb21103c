using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Domain;

/// <summary>Appending to and paging a console feed.</summary>
public static class Feed
{
    public const int MaxItems = 500;

    /// <summary>
    /// Appends the item with the next sequence, or returns null when an item of the same kind for the same
    /// event is already there (a replayed effect).
    /// </summary>
    public static ConsoleItem? Append(FeedState feed, ConsoleItem item)
    {
        if (item.EventId is { } id && feed.Items.Exists(i => i.EventId == id && i.Kind == item.Kind)) return null;
        var stored = item with { Sequence = ++feed.Sequence };
        feed.Items.AddBounded(stored, MaxItems);
        return stored;
    }

    public static ConsoleFeedPage Page(FeedState feed, long afterSequence, int max)
    {
        max = Math.Clamp(max, 1, MaxItems);
        var oldest = feed.Items.Count == 0 ? feed.Sequence + 1 : feed.Items[0].Sequence;
        var items = feed.Items.Where(i => i.Sequence > afterSequence).Take(max).ToList();
        // Truncated: the caller asked for items older than the feed still holds, or more than one page.
        var truncated = afterSequence + 1 < oldest || (items.Count == max && items[^1].Sequence < feed.Sequence);
        return new ConsoleFeedPage(items, feed.Sequence, truncated);
    }
}
