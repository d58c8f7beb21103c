using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Grains;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>Many grains' feed items to one persona are joined into few writes and each is stored exactly once.</summary>
[Collection(SqliteCollection.Name)]
public sealed class PersonaFeedPublisherTests(SqliteClusterFixture fx)
{
    private const string Tenant = "t1";

    private static ConsoleItem Item(int n) =>
        new(0, ConsoleItemKinds.GroupMessage, ClusterFixture.Now, null, $"g{n % 7}", null, null, $"message {n}", $"evt-{n}");

    [Fact]
    public async Task Concurrent_publishers_store_every_item_once_with_gap_free_sequences()
    {
        var personaId = NewId("p");
        var persona = fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(Tenant, personaId));
        await persona.ConfigureAsync(new PersonaSettings("Coach Lin", ["a1"]));
        var publisher = new PersonaFeedPublisher(fx.Grains);

        // 40 publishers × 10 items each, all at once, then the same items again (a replayed effect adds nothing).
        var publishes = Enumerable.Range(0, 40).Select(p => publisher.PublishAsync(Tenant, personaId,
            Enumerable.Range(p * 10, 10).Select(Item).ToList())).ToList();
        await Task.WhenAll(publishes);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(p => publisher.PublishAsync(Tenant, personaId, [Item(p * 10)])));

        var feed = (await persona.GetFeedAsync(0, 1_000)).Items;
        Assert.Equal(400, feed.Count);
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), feed.Select(i => i.Sequence));
        Assert.Equal(400, feed.Select(i => i.EventId).Distinct().Count());
        Assert.All(feed, i => Assert.Equal(personaId, i.PersonaId));
        // Each publisher's items keep their order.
        for (var p = 0; p < 40; p++)
        {
            var mine = feed.Where(i => int.Parse(i.EventId!.AsSpan(4)) / 10 == p).Select(i => i.EventId).ToList();
            Assert.Equal(Enumerable.Range(p * 10, 10).Select(n => $"evt-{n}"), mine);
        }
    }

    [Fact]
    public async Task Sequential_publishes_each_complete_when_stored()
    {
        var publisher = new PersonaFeedPublisher(fx.Grains);
        var personaId = NewId("p");
        var persona = fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(Tenant, personaId));
        await persona.ConfigureAsync(new PersonaSettings("Coach Lin", ["a1"]));
        await publisher.PublishAsync(Tenant, personaId, [Item(1)]);
        Assert.Single((await persona.GetFeedAsync(0, 10)).Items);
        await publisher.PublishAsync(Tenant, personaId, [Item(2), Item(3)]);
        Assert.Equal(["evt-1", "evt-2", "evt-3"], (await persona.GetFeedAsync(0, 10)).Items.Select(i => i.EventId));
    }
}
