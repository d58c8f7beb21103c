namespace PrivateDomain.Tests.Storage;

public sealed class EventLogWaitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Wait_for_append_wakes_when_a_later_event_commits()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        var waiting = log.WaitForAppendAsync(log.LastSequence, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await log.AppendAsync("t1", [Events.Chat("e2")]);

        await waiting.WaitAsync(Timeout);
        Assert.Equal(2, log.LastSequence);
    }

    [Fact]
    public async Task Wait_for_append_returns_at_once_when_already_past()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1")]);

        await log.WaitForAppendAsync(0, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_append_ignores_commits_of_duplicates_only()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        await log.AppendAsync("t1", [Events.Chat("e1")]);
        var waiting = log.WaitForAppendAsync(log.LastSequence, CancellationToken.None);

        await log.AppendAsync("t1", [Events.Chat("e1")]);

        Assert.False(waiting.IsCompleted);
        await log.AppendAsync("t1", [Events.Chat("e2")]);
        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_for_append_is_cancellable()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        using var cts = new CancellationTokenSource();

        var waiting = log.WaitForAppendAsync(0, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Wait_for_append_ends_when_the_log_is_disposed()
    {
        await using var fx = new EventLogFixture();
        var log = fx.Open();
        var waiting = log.WaitForAppendAsync(0, CancellationToken.None);

        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Timeout));
    }
}
