using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Storage;

/// <summary>
/// The SQLite outbox's writes go through one group-committing writer: many customers' effects enqueue at once, and
/// an effect replayed after a crash can race its first run. Every delivery id must still be stored once, first wins.
/// </summary>
public sealed class OutboxConcurrencyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly SqliteOutbox _outbox;

    public OutboxConcurrencyTests() => _outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = _directory.Path }));

    private static OutboxMessage Message(int i, string text) =>
        new($"d{i}", "t1", "wecom", "p1", $"c{i}", null, null, "text", text, T0.AddSeconds(i), OutboxStatus.Pending, null);

    [Fact]
    public async Task Concurrent_enqueues_and_their_replays_store_each_delivery_once()
    {
        var calls = Enumerable.Range(0, 1_000).SelectMany(i => new[] { (i, "first"), (i, "replay") })
            .Select(c => Task.Run(() => _outbox.EnqueueAsync(Message(c.i, c.Item2))));
        var stored = await Task.WhenAll(calls);

        var rows = await _outbox.QueryAsync("t1", null, null, 5_000);
        Assert.Equal(1_000, rows.Count);
        Assert.Equal(1_000, rows.Select(r => r.DeliveryId).Distinct().Count());
        // Both callers of one delivery id are answered with the one stored row, whichever of them won.
        Assert.All(stored.GroupBy(s => s.DeliveryId), g => Assert.Single(g.Distinct()));
    }

    public void Dispose()
    {
        _outbox.Dispose();
        _directory.Dispose();
    }
}
