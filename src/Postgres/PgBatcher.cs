using System.Threading.Channels;

namespace PrivateDomain.Postgres;

/// <summary>
/// Joins concurrent callers' small requests into one round trip: each call queues its item and awaits its own answer;
/// a single loop takes everything queued (up to <c>maxBatch</c>) and hands it to the flush as one list, so a thousand
/// grains writing at once cost a few transactions, not a thousand, and hold one connection, not a thousand. A failed
/// flush fails every call in it (the callers retry as they would have for their own statement).
/// </summary>
internal sealed class PgBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _flush;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _disposed;

    public PgBatcher(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> flush, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _flush = flush;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    public async Task<TResult> RunAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PgBatcher<TItem, TResult>));
        // A caller that stops waiting leaves its item in the batch: the flush is idempotent by design of every user.
        return await pending.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var items = new List<TItem>(_maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
                items.Clear();
                foreach (var p in batch) items.Add(p.Item);
                try
                {
                    var answers = await _flush(items, _stopping.Token).ConfigureAwait(false);
                    if (answers.Count != batch.Count) throw new InvalidOperationException($"A flush of {batch.Count} answered {answers.Count}.");
                    for (var i = 0; i < batch.Count; i++) batch[i].Answer.TrySetResult(answers[i]);
                }
                catch (Exception ex)
                {
                    foreach (var p in batch) p.Answer.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        foreach (var p in batch) p.Answer.TrySetCanceled();
        while (_queue.Reader.TryRead(out var left)) left.Answer.TrySetCanceled();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Answer);
}
