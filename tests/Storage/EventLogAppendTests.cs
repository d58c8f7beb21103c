using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Storage;

public sealed class EventLogAppendTests
{
    [Fact]
    public async Task Appended_events_read_back_globally_in_order()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();

        var first = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);
        var second = await log.AppendAsync("t2", [Events.Chat("e3")]);

        Assert.Equal((AppendOutcome.Appended, 2, 0, 2L), (first.Outcome, first.Accepted, first.Duplicates, first.LastSequence));
        Assert.Empty(first.ConflictingIndexes);
        Assert.Equal(3, second.LastSequence);
        Assert.Equal(3, log.LastSequence);
        var all = await log.ReadAsync(0, 100);
        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Sequence));
        Assert.Equal(["e1", "e2", "e3"], all.Select(e => e.Event.Id));
        Assert.Equal(["t1", "t1", "t2"], all.Select(e => e.TenantId));
        Assert.Equal(Events.Chat("e1"), all[0].Event);
    }

    [Fact]
    public async Task Global_read_honours_after_and_max()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [.. Enumerable.Range(1, 10).Select(i => Events.Chat($"e{i}"))]);

        var page = await log.ReadAsync(3, 4);

        Assert.Equal([4L, 5L, 6L, 7L], page.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Stream_read_returns_only_that_entitys_events_of_that_tenant()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [
            Events.Chat("e1", customer: "c1", group: "g1", persona: "p1"),
            Events.Chat("e2", customer: "c2", group: "g1", persona: "p1"),
            Events.Chat("e3", customer: "c1", group: null, persona: "p2"),
        ]);
        await log.AppendAsync("t2", [Events.Chat("e4", customer: "c1", group: "g1", persona: "p1")]);

        var customer = await log.ReadStreamAsync(new StreamKey(StreamKind.Customer, "t1", "c1"), 0, 100);
        var group = await log.ReadStreamAsync(new StreamKey(StreamKind.Group, "t1", "g1"), 0, 100);
        var persona = await log.ReadStreamAsync(new StreamKey(StreamKind.Persona, "t1", "p2"), 0, 100);
        var later = await log.ReadStreamAsync(new StreamKey(StreamKind.Customer, "t1", "c1"), 1, 100);
        var otherTenant = await log.ReadStreamAsync(new StreamKey(StreamKind.Customer, "t2", "c1"), 0, 100);

        Assert.Equal(["e1", "e3"], customer.Select(e => e.Event.Id));
        Assert.Equal(["e1", "e2"], group.Select(e => e.Event.Id));
        Assert.Equal(["e3"], persona.Select(e => e.Event.Id));
        Assert.Equal(["e3"], later.Select(e => e.Event.Id));
        Assert.Equal(["e4"], otherTenant.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Same_event_id_in_two_tenants_is_two_events()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();

        var a = await log.AppendAsync("tenant-a", [Events.Chat("e1")]);
        var b = await log.AppendAsync("tenant-b", [Events.Chat("e1", text: "other")]);

        Assert.Equal((AppendOutcome.Appended, 1), (a.Outcome, a.Accepted));
        Assert.Equal((AppendOutcome.Appended, 1), (b.Outcome, b.Accepted));
        Assert.Equal(2, (await log.ReadAsync(0, 10)).Count);
    }

    [Fact]
    public async Task Occurred_at_round_trips_as_the_same_instant_in_utc()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        var at = new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.FromHours(8)).AddTicks(1234567);

        await log.AppendAsync("t1", [Events.Chat("e1") with { OccurredAt = at }]);

        var stored = (await log.ReadAsync(0, 1))[0].Event.OccurredAt;
        Assert.Equal(at.UtcTicks, stored.UtcTicks);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
    }

    [Fact]
    public async Task Empty_batch_appends_nothing()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();

        var result = await log.AppendAsync("t1", []);

        Assert.Equal((AppendOutcome.Appended, 0, 0L), (result.Outcome, result.Accepted, log.LastSequence));
    }

    [Fact]
    public async Task Entities_a_tenants_events_name_are_listed_once_each_in_pages()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [
            Events.Chat("e1", customer: "c3", group: "g1", persona: "p1"),
            Events.Chat("e2", customer: "c1", group: "g1", persona: "p1"),
            Events.Chat("e3", customer: "c3", group: null, persona: "p2"),
            Events.Chat("e4", customer: "c2", group: "g2", persona: "p1"),
        ]);
        await log.AppendAsync("t2", [Events.Chat("e5", customer: "c9", group: "g9", persona: "p9")]);

        var first = await log.ListEntitiesAsync("t1", StreamKind.Customer, null, 2);
        var rest = await log.ListEntitiesAsync("t1", StreamKind.Customer, first[^1], 2);

        Assert.Equal(["c1", "c2"], first);
        Assert.Equal(["c3"], rest);
        Assert.Equal(["g1", "g2"], await log.ListEntitiesAsync("t1", StreamKind.Group, null, 10));
        Assert.Equal(["p2"], await log.ListEntitiesAsync("t1", StreamKind.Persona, "p1", 10));
        Assert.Empty(await log.ListEntitiesAsync("t3", StreamKind.Customer, null, 10));
    }
}
