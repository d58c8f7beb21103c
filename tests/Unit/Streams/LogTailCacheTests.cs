using PrivateDomain.Silo.Streams;

namespace PrivateDomain.Tests.Unit.Streams;

public sealed class LogTailCacheTests
{
    private static MemoryLog Log(int events)
    {
        var log = new MemoryLog();
        for (var i = 0; i < events; i++) log.Add($"c{i % 7}", null, null);
        return log;
    }

    [Fact]
    public async Task Receivers_reading_the_same_stretch_share_one_read_of_the_log()
    {
        var log = Log(100);
        var tail = new LogTailCache(log, capacity: 1_000, pageSize: 50);
        var a = await tail.ReadAsync(0, 20, CancellationToken.None);
        var b = await tail.ReadAsync(0, 20, CancellationToken.None);
        var c = await tail.ReadAsync(20, 30, CancellationToken.None);
        Assert.Equal(1, log.Reads);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), a.Select(e => e.Sequence));
        Assert.Equal(a.Select(e => e.Sequence), b.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(21, 30).Select(i => (long)i), c.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Reading_past_the_cache_extends_it_in_order()
    {
        var log = Log(120);
        var tail = new LogTailCache(log, capacity: 1_000, pageSize: 50);
        var all = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await tail.ReadAsync(after, 40, CancellationToken.None);
            if (page.Count == 0) break;
            all.AddRange(page.Select(e => e.Sequence));
            after = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), all);
        Assert.Equal(4, log.Reads); // 3 pages of 50 (the last short) and one read that finds the head
    }

    [Fact]
    public async Task A_reader_behind_what_the_cache_holds_reads_the_log_directly()
    {
        var log = Log(200);
        var tail = new LogTailCache(log, capacity: 60, pageSize: 100);
        await tail.ReadAsync(0, 100, CancellationToken.None);
        await tail.ReadAsync(100, 100, CancellationToken.None); // the cache now holds 141..200
        var reads = log.Reads;
        var behind = await tail.ReadAsync(10, 5, CancellationToken.None);
        Assert.Equal([11L, 12, 13, 14, 15], behind.Select(e => e.Sequence));
        Assert.Equal(reads + 1, log.Reads);
        var cached = await tail.ReadAsync(150, 5, CancellationToken.None);
        Assert.Equal([151L, 152, 153, 154, 155], cached.Select(e => e.Sequence));
        Assert.Equal(reads + 1, log.Reads);
    }

    [Fact]
    public async Task A_reader_ahead_of_the_cache_restarts_it_at_its_position()
    {
        var log = Log(100);
        var tail = new LogTailCache(log, capacity: 1_000, pageSize: 10);
        await tail.ReadAsync(0, 10, CancellationToken.None);
        var ahead = await tail.ReadAsync(70, 5, CancellationToken.None);
        Assert.Equal([71L, 72, 73, 74, 75], ahead.Select(e => e.Sequence));
        var atHead = await tail.ReadAsync(100, 5, CancellationToken.None);
        Assert.Empty(atHead);
    }
}
