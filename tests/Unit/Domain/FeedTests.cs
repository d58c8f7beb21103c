using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class FeedTests
{
    private static ConsoleItem Item(string? eventId, string kind = ConsoleItemKinds.DirectMessage) =>
        new(0, kind, Ev.T0, "c1", null, "p1", "a1", "text", eventId);

    private static FeedState FeedOf(int count)
    {
        var feed = new FeedState();
        for (var i = 0; i < count; i++) Feed.Append(feed, Item($"e{i}"));
        return feed;
    }

    [Fact]
    public void Appended_items_get_a_gap_free_sequence()
    {
        var feed = FeedOf(3);

        Assert.Equal([1L, 2L, 3L], feed.Items.Select(i => i.Sequence));
        Assert.Equal(3, feed.Sequence);
    }

    [Fact]
    public void Replayed_item_of_same_event_and_kind_is_skipped_without_using_a_sequence()
    {
        var feed = new FeedState();
        Feed.Append(feed, Item("e1"));

        var replay = Feed.Append(feed, Item("e1") with { Text = "again" });
        var next = Feed.Append(feed, Item("e2"));

        Assert.Null(replay);
        Assert.Equal(2, next!.Sequence);
        Assert.Equal(2, feed.Items.Count);
    }

    [Fact]
    public void Same_event_with_another_kind_is_a_new_item()
    {
        var feed = new FeedState();

        Feed.Append(feed, Item("e1", ConsoleItemKinds.Assignment));
        var message = Feed.Append(feed, Item("e1", ConsoleItemKinds.DirectMessage));

        Assert.NotNull(message);
        Assert.Equal(2, feed.Sequence);
    }

    [Fact]
    public void Items_without_event_id_are_never_deduplicated()
    {
        var feed = new FeedState();

        Feed.Append(feed, Item(null));
        Feed.Append(feed, Item(null));

        Assert.Equal(2, feed.Items.Count);
    }

    [Fact]
    public void Feed_keeps_only_the_newest_items()
    {
        var feed = FeedOf(Feed.MaxItems + 5);

        Assert.Equal(Feed.MaxItems, feed.Items.Count);
        Assert.Equal(6, feed.Items[0].Sequence);
        Assert.Equal(Feed.MaxItems + 5, feed.Sequence);
    }

    [Fact]
    public void Page_returns_items_after_the_sequence()
    {
        var page = Feed.Page(FeedOf(5), 3, 10);

        Assert.Equal([4L, 5L], page.Items.Select(i => i.Sequence));
        Assert.Equal(5, page.HeadSequence);
        Assert.False(page.Truncated);
    }

    [Fact]
    public void Page_smaller_than_what_is_left_is_truncated()
    {
        var page = Feed.Page(FeedOf(5), 0, 2);

        Assert.Equal([1L, 2L], page.Items.Select(i => i.Sequence));
        Assert.True(page.Truncated);
    }

    [Fact]
    public void Page_that_ends_exactly_at_the_head_is_not_truncated()
    {
        var page = Feed.Page(FeedOf(5), 3, 2);

        Assert.Equal([4L, 5L], page.Items.Select(i => i.Sequence));
        Assert.False(page.Truncated);
    }

    [Fact]
    public void Asking_for_items_the_feed_no_longer_holds_is_truncated()
    {
        var feed = FeedOf(Feed.MaxItems + 5);

        Assert.True(Feed.Page(feed, 0, Feed.MaxItems).Truncated);
        Assert.True(Feed.Page(feed, 4, 10).Truncated);
        Assert.False(Feed.Page(feed, 5, Feed.MaxItems).Truncated);
    }

    [Fact]
    public void Empty_feed_pages_empty_and_complete()
    {
        var page = Feed.Page(new FeedState(), 0, 50);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.HeadSequence);
        Assert.False(page.Truncated);
    }

    [Fact]
    public void Page_size_is_clamped_to_at_least_one_and_at_most_the_feed_size()
    {
        var feed = FeedOf(Feed.MaxItems);

        Assert.Single(Feed.Page(feed, 0, 0).Items);
        Assert.Equal(Feed.MaxItems, Feed.Page(feed, 0, int.MaxValue).Items.Count);
    }
}
