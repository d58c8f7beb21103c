using PrivateDomain.Postgres;

namespace PrivateDomain.Tests.Postgres;

/// <summary>The joiner behind the PostgreSQL stores' shared round trips (no server needed).</summary>
public sealed class PgBatcherTests
{
    [Fact]
    public async Task Calls_queued_during_a_flush_share_the_next_one_and_each_gets_its_own_answer()
    {
        var sizes = new List<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new PgBatcher<int, int>(async (items, ct) =>
        {
            sizes.Add(items.Count);
            await gate.Task.WaitAsync(ct);
            return items.Select(i => i * 10).ToArray();
        }, maxBatch: 64);

        var first = batcher.RunAsync(1);
        while (sizes.Count == 0) await Task.Delay(1);
        var rest = Enumerable.Range(2, 100).Select(i => batcher.RunAsync(i)).ToArray();
        gate.SetResult();

        Assert.Equal(10, await first);
        Assert.Equal(Enumerable.Range(2, 100).Select(i => i * 10), await Task.WhenAll(rest));
        // The first alone, then the hundred queued meanwhile in batches of at most 64.
        Assert.Equal([1, 64, 36], sizes);
    }

    [Fact]
    public async Task A_failed_flush_fails_its_callers_only_and_the_next_flush_runs()
    {
        var calls = 0;
        await using var batcher = new PgBatcher<string, bool>((items, _) =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("server gone") : Task.FromResult<IReadOnlyList<bool>>(items.Select(_ => true).ToArray()),
            maxBatch: 8);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.RunAsync("a"));
        Assert.Equal("server gone", failed.Message);
        Assert.True(await batcher.RunAsync("b"));
    }

    [Fact]
    public async Task Disposing_cancels_what_is_still_queued_and_refuses_new_calls()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new PgBatcher<int, int>(async (items, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return items.ToArray();
        }, maxBatch: 1);
        var inFlight = batcher.RunAsync(1);
        var queued = batcher.RunAsync(2);

        await batcher.DisposeAsync();
        await batcher.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.RunAsync(3));
    }
}
