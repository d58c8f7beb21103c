using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>Several event-log instances on one database, as several gateway processes would run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgEventLogMultiWriterTests(PostgresFixture pg)
{
    private static readonly TimeSpan Timeout = EventStoreDatabase.Timeout;

    [Fact]
    public async Task Two_writers_interleave_into_one_gap_free_sequence_with_no_duplicates()
    {
        const int Appenders = 20, AppendsEach = 25, BatchSize = 4;
        await using var db = await EventStoreDatabase.CreateAsync(pg, "multi");
        var writers = new[] { await db.OpenLogAsync(), await db.OpenLogAsync() };

        var results = await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
        {
            var log = writers[a % 2];
            var mine = new List<AppendResult>();
            for (var i = 0; i < AppendsEach; i++)
                mine.Add(await log.AppendAsync("t1", [.. Enumerable.Range(0, BatchSize).Select(k => Events.Chat($"a{a}-{i}-{k}", customer: $"c{a}"))]));
            return mine;
        }))).WaitAsync(TimeSpan.FromMinutes(2));

        const int Total = Appenders * AppendsEach * BatchSize;
        Assert.All(results.SelectMany(r => r), r => Assert.Equal((AppendOutcome.Appended, BatchSize), (r.Outcome, r.Accepted)));
        var logged = await writers[0].ReadAsync(0, Total + 10);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), logged.Select(e => e.Sequence));
        Assert.Equal(Total, logged.Select(e => e.Event.Id).Distinct().Count());
        Assert.True(writers[0].CommitCount > 0 && writers[1].CommitCount > 0);
        // Each appender's events are in the order it appended them.
        var stream = await writers[1].ReadStreamAsync(new(PrivateDomain.Contracts.StreamKind.Customer, "t1", "c7"), 0, 1000);
        Assert.Equal(Enumerable.Range(0, AppendsEach).SelectMany(i => Enumerable.Range(0, BatchSize).Select(k => $"a7-{i}-{k}")), stream.Select(e => e.Event.Id));
        // Both heads reach the end: local commits, and the other writer's through NOTIFY.
        await Task.WhenAll(writers.Select(w => w.WaitForAppendAsync(Total - 1, CancellationToken.None))).WaitAsync(Timeout);
        Assert.All(writers, w => Assert.Equal(Total, w.LastSequence));
    }

    [Fact]
    public async Task Readers_never_see_a_sequence_before_every_lower_one_is_visible()
    {
        // Three writers, each with concurrent appenders of 20-event batches, so group commits are large
        // enough to be split over two connections as well.
        const int AppendersPerWriter = 8, AppendsEach = 8, BatchSize = 20;
        await using var db = await EventStoreDatabase.CreateAsync(pg, "multi");
        var writers = new[] { await db.OpenLogAsync(), await db.OpenLogAsync(), await db.OpenLogAsync() };
        var reader = await db.OpenLogAsync();
        const int Total = 3 * AppendersPerWriter * AppendsEach * BatchSize;
        var gaps = new List<string>();

        // A tailing reader, as the dispatcher is: after each read it continues from the last sequence it saw.
        var tail = Task.Run(async () =>
        {
            var position = 0L;
            while (position < Total)
            {
                var batch = await reader.ReadAsync(position, 1000);
                foreach (var e in batch)
                {
                    if (e.Sequence != position + 1)
                        gaps.Add($"after {position} read {e.Sequence}");
                    position = e.Sequence;
                }
            }
            return position;
        });
        await Task.WhenAll(writers.SelectMany((w, n) => Enumerable.Range(0, AppendersPerWriter).Select(a => Task.Run(async () =>
        {
            for (var i = 0; i < AppendsEach; i++)
                await w.AppendAsync("t1", [.. Enumerable.Range(0, BatchSize).Select(k => Events.Chat($"w{n}-{a}-{i}-{k}"))]);
        })))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Total, await tail.WaitAsync(Timeout));
        Assert.Empty(gaps);
        Assert.Equal(Total, (await reader.ReadAsync(0, Total + 1)).Select(e => e.Event.Id).Distinct().Count());
    }

    [Fact]
    public async Task Same_event_resent_to_two_writers_at_once_is_logged_once()
    {
        await using var db = await EventStoreDatabase.CreateAsync(pg, "multi");
        var a = await db.OpenLogAsync();
        var b = await db.OpenLogAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).AppendAsync("t1", [Events.Chat("same")])));
        var conflict = await b.AppendAsync("t1", [Events.Chat("same", text: "changed")]);

        Assert.Equal(1, results.Sum(r => r.Accepted));
        Assert.Equal(19, results.Sum(r => r.Duplicates));
        Assert.All(results, r => Assert.Equal(1L, r.LastSequence));
        Assert.Equal(AppendOutcome.Conflict, conflict.Outcome);
        Assert.Single(await a.ReadAsync(0, 10));
    }
}
