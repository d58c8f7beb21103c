using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Silo.Channels;
using PrivateDomain.Storage;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Tests.Unit.Outbox;

/// <summary>
/// The lane's throttling against a real SQLite outbox, under a clock that moves only while the lane waits on it
/// (so every send time below is exact in simulated time).
/// </summary>
public sealed class ThrottledLaneTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Channel = "wecom";

    private readonly string _directory = Directory.CreateTempSubdirectory("pd-lane-").FullName;
    private readonly SqliteOutbox _outbox;
    private readonly ManualClock _clock = new(T0);

    public ThrottledLaneTests() => _outbox = new SqliteOutbox(Options.Create(new StorageOptions { DataDirectory = _directory }));

    public void Dispose()
    {
        _outbox.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_channel_rate_is_kept_across_personas()
    {
        await EnqueueAsync(Enumerable.Range(0, 60).Select(i => ($"p{i % 6}", $"m{i}")));
        var adapter = new ScriptedAdapter(_clock);

        await RunAsync(new OutboxChannelOptions { RatePerSecond = 5, Burst = 5 }, adapter, expectedFinal: 60);

        var times = adapter.Calls.Select(c => c.At).ToList();
        Assert.Equal(60, times.Count);
        Assert.All(times, t => Assert.True(times.Count(u => u >= t && u < t.AddSeconds(1)) <= 5 + 5, $"more than rate + burst in the second from {t:O}"));
        // The burst goes at once, then one send every 1/rate: the 55 after the burst take 11 s.
        Assert.Equal(5, times.Count(t => t == T0));
        Assert.InRange(times[^1] - T0, TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(11.001));
    }

    [Fact]
    public async Task One_personas_burst_does_not_hold_up_another_persona_and_is_deferred_without_attempts()
    {
        await EnqueueAsync(Enumerable.Range(0, 20).Select(i => ("busy", $"a{i}")).Append(("quiet", "b0")));
        var adapter = new ScriptedAdapter(_clock);
        var options = new OutboxChannelOptions { RatePerSecond = 10, Burst = 1, PersonaRatePerSecond = 1, PersonaBurst = 2 };

        await RunAsync(options, adapter, expectedFinal: 21);

        var calls = adapter.Calls;
        Assert.Equal(["a0", "a1", "b0"], calls.Take(3).Select(c => c.Message.DeliveryId));
        // b0 waited one channel pacing step after a1, not for busy's 18 other messages.
        Assert.InRange(calls[2].At - calls[1].At, TimeSpan.Zero, TimeSpan.FromMilliseconds(100.001));
        var busy = calls.Where(c => c.Message.PersonaId == "busy").Select(c => c.At).ToList();
        Assert.Equal(20, busy.Count);
        Assert.All(busy, t => Assert.True(busy.Count(u => u >= t && u < t.AddSeconds(1)) <= 2 + 1, $"busy sent more than rate + burst from {t:O}"));
        Assert.InRange(busy[^1] - T0, TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(18.2));
        // Deferral counts no attempt: each message reached the channel once, never tried before, and was sent on attempt 1.
        Assert.Equal(21, calls.Select(c => c.Message.DeliveryId).Distinct().Count());
        Assert.All(calls, c => Assert.Equal(0, c.Message.Attempts));
        Assert.All(await _outbox.QueryAsync("t1", null, null, 100), m => Assert.Equal((OutboxStatus.Sent, 1), (m.Status, m.Attempts)));
    }

    [Fact]
    public async Task A_look_admits_what_has_tokens_and_puts_each_other_message_back_to_its_own_later_token()
    {
        await EnqueueAsync(Enumerable.Range(0, 10).Select(i => ("busy", $"a{i}")).Append(("quiet", "b0")));
        var options = new OutboxOptions();
        options.Channels[Channel] = new OutboxChannelOptions { PersonaRatePerSecond = 2, PersonaBurst = 2 };
        var lane = new OutboxLane(_outbox, new ScriptedAdapter(_clock), options, _clock, NullLogger.Instance);

        var admitted = await lane.AdmitAsync(await _outbox.ReadDueAsync(Channel, T0, 100), CancellationToken.None);

        Assert.Equal(["a0", "a1", "b0"], admitted.Select(m => m.DeliveryId));
        var back = (await _outbox.QueryAsync("t1", null, null, 100)).Where(m => m.NextAttemptAt is not null).OrderBy(m => m.NextAttemptAt).ToList();
        // busy's eight others, one token each, half a second apart (2 a second), none counted as an attempt.
        Assert.Equal(Enumerable.Range(2, 8).Select(i => $"a{i}"), back.Select(m => m.DeliveryId));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => T0.AddMilliseconds(500 * i)), back.Select(m => m.NextAttemptAt!.Value));
        Assert.All(back, m => Assert.Equal((OutboxStatus.Pending, 0), (m.Status, m.Attempts)));
        // The admitted three are still pending (admitting sends nothing); the first put back is due at its token.
        Assert.Equal(["a0", "a1", "b0"], (await _outbox.ReadDueAsync(Channel, T0.AddMilliseconds(499), 100)).Select(m => m.DeliveryId));
        Assert.Equal(["a0", "a1", "a2", "b0"], (await _outbox.ReadDueAsync(Channel, T0.AddMilliseconds(500), 100)).Select(m => m.DeliveryId));
    }

    [Fact]
    public async Task Transient_errors_halve_the_rate_and_clean_sends_bring_it_back()
    {
        await EnqueueAsync(Enumerable.Range(0, 250).Select(i => ($"p{i % 10}", $"m{i:D3}")));
        OutboxLane? lane = null;
        var adapter = new ScriptedAdapter(_clock, call => call is 2 or 3 ? ChannelSendResult.Transient("45009 api freq out of limit") : ChannelSendResult.Success,
            () => lane!.Throttle.ChannelRate);
        var options = new OutboxChannelOptions { RatePerSecond = 4, Burst = 1, MinRatePerSecond = 1, FirstRetryDelay = TimeSpan.FromSeconds(1) };

        await RunAsync(options, adapter, expectedFinal: 250, l => lane = l);

        var calls = adapter.Calls;
        Assert.Equal(252, calls.Count);
        Assert.Equal([4d, 4d, 4d, 2d, 1d], calls.Take(5).Select(c => c.RateBefore!.Value));
        // At 1/s the sends right after the errors are a second apart; the rate never drops again and climbs back to 4/s.
        Assert.Equal(TimeSpan.FromSeconds(1), calls[5].At - calls[4].At);
        var after = calls.Skip(4).Select(c => c.RateBefore!.Value).ToList();
        Assert.Equal(after.Order(), after);
        Assert.Equal(4, lane!.Throttle.ChannelRate);
        Assert.InRange(calls[^1].At - calls[^2].At, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250.001));
        Assert.All(await _outbox.QueryAsync("t1", null, null, 300), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    [Fact]
    public async Task A_retry_after_hint_pauses_the_channel()
    {
        await EnqueueAsync(Enumerable.Range(0, 5).Select(i => ($"p{i}", $"m{i}")));
        var adapter = new ScriptedAdapter(_clock, call => call == 2 ? ChannelSendResult.Transient("429", TimeSpan.FromSeconds(5)) : ChannelSendResult.Success);

        await RunAsync(new OutboxChannelOptions { RatePerSecond = 10, Burst = 1, MinRatePerSecond = 1 }, adapter, expectedFinal: 5);

        var calls = adapter.Calls;
        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m2"], calls.Select(c => c.Message.DeliveryId));
        Assert.Equal(T0.AddSeconds(0.2), calls[2].At);
        Assert.Equal(calls[2].At.AddSeconds(5), calls[3].At);
        Assert.Equal(1, calls[5].Message.Attempts);
        Assert.True(calls[5].At >= calls[2].At.AddSeconds(10), "the failed message waits for its own retry delay");
    }

    [Fact]
    public async Task Without_rates_the_lane_sends_everything_at_once()
    {
        await EnqueueAsync(Enumerable.Range(0, 30).Select(i => ("p1", $"m{i}")));
        var adapter = new ScriptedAdapter(_clock);

        await RunAsync(new OutboxChannelOptions(), adapter, expectedFinal: 30);

        Assert.All(adapter.Calls, c => Assert.Equal(T0, c.At));
    }

    [Fact]
    public async Task The_simulated_channels_made_up_errors_slow_the_lane_down()
    {
        await EnqueueAsync(Enumerable.Range(0, 40).Select(i => ($"p{i % 4}", $"m{i}")));
        var faults = new SimulatedChannelFaults { TransientErrorShare = 0.3, Seed = 7 };
        var adapter = new SimulatedChannelAdapter(Channel, NullLogger<SimulatedChannelAdapter>.Instance, faults);
        OutboxLane? lane = null;

        await RunAsync(new OutboxChannelOptions { RatePerSecond = 50, Burst = 1, MinRatePerSecond = 1, FirstRetryDelay = TimeSpan.FromSeconds(1) },
            adapter, expectedFinal: 40, l => lane = l);

        var messages = await _outbox.QueryAsync("t1", null, null, 100);
        Assert.Contains(messages, m => m.Attempts > 1);
        Assert.True(lane!.Throttle.ChannelRate < 50, $"rate {lane.Throttle.ChannelRate}");
    }

    private async Task EnqueueAsync(IEnumerable<(string Persona, string Id)> messages)
    {
        var n = 0;
        foreach (var (persona, id) in messages)
            await _outbox.EnqueueAsync(new OutboxMessage(id, "t1", Channel, persona, "c1", null, null, "text", "hello", T0.AddTicks(n++), OutboxStatus.Pending, null));
    }

    /// <summary>Runs a lane until <paramref name="expectedFinal"/> messages are sent or failed, moving the clock only while the lane waits on it.</summary>
    private async Task RunAsync(OutboxChannelOptions channel, IChannelAdapter adapter, int expectedFinal, Action<OutboxLane>? created = null)
    {
        var options = new OutboxOptions { BatchSize = 100 };
        options.Channels[Channel] = channel;
        var lane = new OutboxLane(_outbox, adapter, options, _clock, NullLogger.Instance);
        created?.Invoke(lane);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => lane.RunAsync(stop.Token));
        var wall = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                Assert.True(wall.Elapsed < TimeSpan.FromSeconds(60), "the lane did not finish in time");
                Assert.False(running.IsCompleted, $"the lane stopped: {running.Exception}");
                if (_clock.NextTimer is not { } next)
                {
                    await Task.Delay(1);
                    continue;
                }
                // The lane waits on the clock: everything it could do now is done.
                var final = (await _outbox.QueryAsync("t1", null, null, 1_000)).Count(m => m.Status != OutboxStatus.Pending);
                if (final >= expectedFinal) break;
                Assert.True(next - T0 < TimeSpan.FromHours(1), "simulated time ran away");
                _clock.AdvanceTo(next);
                await Task.Delay(1);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    private sealed record Call(DateTimeOffset At, OutboxMessage Message, double? RateBefore);

    /// <summary>Records each send with the clock's time; answers by the call's number (0-based).</summary>
    private sealed class ScriptedAdapter(TimeProvider time, Func<int, ChannelSendResult>? answer = null, Func<double?>? rate = null) : IChannelAdapter
    {
        private readonly List<Call> _calls = [];

        public string Channel => ThrottledLaneTests.Channel;

        public List<Call> Calls
        {
            get { lock (_calls) return [.. _calls]; }
        }

        public Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            int n;
            lock (_calls)
            {
                n = _calls.Count;
                _calls.Add(new Call(time.GetUtcNow(), message, rate?.Invoke()));
            }
            return Task.FromResult(answer?.Invoke(n) ?? ChannelSendResult.Success);
        }
    }
}
