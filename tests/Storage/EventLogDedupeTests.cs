using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Storage;

public sealed class EventLogDedupeTests
{
    [Fact]
    public async Task Resent_event_id_with_same_body_counts_as_duplicate()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        var resent = await log.AppendAsync("t1", [Events.Chat("e2"), Events.Chat("e3")]);

        Assert.Equal((AppendOutcome.Appended, 1, 1), (resent.Outcome, resent.Accepted, resent.Duplicates));
        Assert.Equal(["e1", "e2", "e3"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
        Assert.Equal([1L, 2L, 3L], (await log.ReadAsync(0, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Fully_resent_batch_reports_where_its_events_already_are()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        var first = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);
        await log.AppendAsync("t1", [Events.Chat("e3")]);

        var resent = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e2")]);

        Assert.Equal((0, 2), (resent.Accepted, resent.Duplicates));
        Assert.Equal(first.LastSequence, resent.LastSequence);
    }

    [Fact]
    public async Task Same_id_twice_in_one_batch_with_same_body_is_stored_once()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();

        var result = await log.AppendAsync("t1", [Events.Chat("e1"), Events.Chat("e1")]);

        Assert.Equal((AppendOutcome.Appended, 1, 1), (result.Outcome, result.Accepted, result.Duplicates));
        Assert.Single(await log.ReadAsync(0, 10));
    }

    [Fact]
    public async Task Same_id_twice_in_one_batch_with_different_bodies_is_a_conflict()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();

        var result = await log.AppendAsync("t1", [Events.Chat("e0"), Events.Chat("e1"), Events.Chat("e1", text: "changed")]);

        Assert.Equal(AppendOutcome.Conflict, result.Outcome);
        Assert.Equal(0, result.Accepted);
        Assert.Equal([2], result.ConflictingIndexes);
        Assert.Empty(await log.ReadAsync(0, 10));
    }

    [Fact]
    public async Task Reused_id_with_different_body_appends_nothing_from_that_batch()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        var result = await log.AppendAsync("t1", [Events.Chat("e2"), Events.Chat("e1", text: "changed"), Events.Chat("e3")]);

        Assert.Equal(AppendOutcome.Conflict, result.Outcome);
        Assert.Equal(0, result.Accepted);
        Assert.Equal([1], result.ConflictingIndexes);
        Assert.Equal(["e1"], (await log.ReadAsync(0, 10)).Select(e => e.Event.Id));
        Assert.Equal(1, log.LastSequence);
    }

    [Fact]
    public async Task Sequences_stay_gap_free_after_a_conflict()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1")]);
        await log.AppendAsync("t1", [Events.Chat("e2"), Events.Chat("e1", text: "changed")]);

        await log.AppendAsync("t1", [Events.Chat("e3")]);

        Assert.Equal([1L, 2L], (await log.ReadAsync(0, 10)).Select(e => e.Sequence));
    }
}
