using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.EventStore;

[Collection(PostgresCollection.Name)]
public sealed class PgEventLogDedupeTests(PostgresFixture pg)
{
    [Fact]
    public async Task Resent_event_id_with_same_body_counts_as_duplicate()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        var resent = await log.AppendAsync("t1", [Events.Chat("e2"), Events.Chat("e3")]);

        Assert.Equal((AppendOutcome.Appended, 1, 1, 3L), (resent.Outcome, resent.Accepted, resent.Duplicates, resent.LastSequence));
        Assert.Equal(["e1", "e2", "e3"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
        Assert.Equal([1L, 2L, 3L], (await log.ReadAsync(0, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Fully_resent_batch_reports_where_its_events_already_are()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();
        var first = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);
        await log.AppendAsync("t1", [Events.Chat("e3")]);

        var resent = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        Assert.Equal((0, 2), (resent.Accepted, resent.Duplicates));
        Assert.Equal(first.LastSequence, resent.LastSequence);
    }

    [Fact]
    public async Task Same_id_twice_in_one_batch_with_same_body_is_stored_once()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();

        var result = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e1")]);

        Assert.Equal((AppendOutcome.Appended, 1, 1), (result.Outcome, result.Accepted, result.Duplicates));
        Assert.Single(await log.ReadAsync(0, 10));
    }

    [Fact]
    public async Task Same_id_twice_in_one_batch_with_different_bodies_is_a_conflict()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();

        var result = await log.AppendAsync("t1", [Events.Chat("e0"), Events.Chat("e1"), Events.Chat("e1", text: "changed")]);

        Assert.Equal(AppendOutcome.Conflict, result.Outcome);
        Assert.Equal(0, result.Accepted);
        Assert.Equal([2], result.ConflictingIndexes);
        Assert.Empty(await log.ReadAsync(0, 10));
    }

    [Fact]
    public async Task Reused_id_with_different_body_appends_nothing_from_that_batch()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        var result = await log.AppendAsync("t1", [Events.Chat("e2"), Events.Chat("e1", text: "changed"), Events.Chat("e3")]);

        Assert.Equal(AppendOutcome.Conflict, result.Outcome);
        Assert.Equal(0, result.Accepted);
        Assert.Equal([1], result.ConflictingIndexes);
        Assert.Equal(["e1"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
        Assert.Equal(1, log.LastSequence);
    }

    [Fact]
    public async Task Conflict_lists_every_conflicting_index_whether_in_the_batch_or_already_logged()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        var result = await log.AppendAsync("t1", [
            Events.Chat("e2"), Events.Chat("x"), Events.Chat("x", text: "changed"), Events.Chat("e1", text: "changed"),
        ]);

        Assert.Equal(AppendOutcome.Conflict, result.Outcome);
        Assert.Equal([2, 3], result.ConflictingIndexes.Order());
        Assert.Equal(1, result.Duplicates);
        Assert.Equal(2, (await log.ReadAsync(0, 10)).Count);
    }

    [Fact]
    public async Task Sequences_stay_gap_free_after_a_conflict()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "dedupe");
        var log = await db.OpenLogAsync();
        await log.AppendAsync("t1", [Events.Chat("e1")]);
        await log.AppendAsync("t1", [Events.Chat("e2"), Events.Chat("e1", text: "changed")]);

        await log.AppendAsync("t1", [Events.Chat("e3")]);

        Assert.Equal([1L, 2L], (await log.ReadAsync(0, 10)).Select(e => e.Sequence));
        Assert.Equal(["e1", "e3"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
    }
}
