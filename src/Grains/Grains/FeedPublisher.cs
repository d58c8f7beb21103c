using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Grains.Grains;

/// <summary>Appends items to a feed and hands the stored ones to the silo-local push notifier.</summary>
public static class FeedPublisher
{
    /// <summary>Appends each item (skipping replays) and returns the stored items; push after persisting.</summary>
    public static List<ConsoleItem> Append(FeedState feed, IEnumerable<ConsoleItem> items)
    {
        var stored = new List<ConsoleItem>();
        foreach (var item in items)
        {
            if (Feed.Append(feed, item) is { } s) stored.Add(s);
        }
        return stored;
    }

    public static void Push(IGrainFactory grains, string tenantId, FeedOwnerKind kind, string ownerId, IEnumerable<ConsoleItem> stored)
    {
        var notifier = grains.GetGrain<IPushNotifierGrain>(0);
        foreach (var item in stored) notifier.PushAsync(new ConsolePush(tenantId, kind, ownerId, item)).Ignore();
    }
}
