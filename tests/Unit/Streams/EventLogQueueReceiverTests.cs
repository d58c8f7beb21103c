using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Streams;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Unit.Streams;

public sealed class EventLogQueueReceiverTests
{
    private static readonly EventLogStreamOptions Options = new() { Queues = 3, PageSize = 50, CheckpointInterval = TimeSpan.Zero };

    private static readonly HashRingBasedStreamQueueMapper Mapper =
        new(new HashRingStreamQueueMapperOptions { TotalQueueCount = Options.Queues }, "test");

    private static MemoryLog RandomLog(int events, int seed)
    {
        var random = new Random(seed);
        var log = new MemoryLog();
        for (var i = 0; i < events; i++)
        {
            log.Add(random.Next(3) > 0 ? $"c{random.Next(40)}" : null,
                random.Next(4) == 0 ? $"g{random.Next(5)}" : null,
                random.Next(2) == 0 ? $"p{random.Next(2)}" : null);
        }
        return log;
    }

    private static async Task<(EventLogQueueReceiver Receiver, QueueProgress Progress)> StartAsync(MemoryLog log, QueueId queue, EventLogStreamOptions? options = null)
    {
        var progress = new QueueProgress();
        var receiver = new EventLogQueueReceiver(queue, log, new LogTailCache(log, 64, (options ?? Options).PageSize), Mapper, progress, options ?? Options, NullLogger.Instance);
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        return (receiver, progress);
    }

    private static async Task<List<EventLogBatchContainer>> DrainAsync(EventLogQueueReceiver receiver, int maxCount = -1)
    {
        var all = new List<EventLogBatchContainer>();
        while (true)
        {
            var read = await receiver.GetQueueMessagesAsync(maxCount, CancellationToken.None);
            if (read.Count == 0) return all;
            all.AddRange(read.Cast<EventLogBatchContainer>());
        }
    }

    private static IEnumerable<(StreamId Stream, long Sequence)> Expected(MemoryLog log) =>
        log.Events.SelectMany(e => StreamKey.For(e.TenantId, e.Event)
            .Select(k => (StreamId.Create(EventStreamNamespaces.For(k.Kind), k.GrainKey), e.Sequence)));

    [Fact]
    public async Task Each_queue_records_the_age_of_every_event_it_reads_once()
    {
        // An occurredAt no other test uses, so measurements of receivers running in parallel tests are told apart.
        var sent = DateTimeOffset.UtcNow.AddHours(-3).AddMilliseconds(Random.Shared.Next(1_000_000));
        var log = new MemoryLog();
        for (var i = 0; i < 60; i++) log.Add(i % 4 == 0 ? null : $"c{i}", i % 3 == 0 ? $"g{i % 5}" : null, i % 2 == 0 ? $"p{i % 2}" : null, sent);
        log.Add(null, null, null, sent); // no stream: no queue reads it for anyone
        var ages = new System.Collections.Concurrent.ConcurrentBag<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument == EngineTelemetry.StreamEventAge) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<double>((_, ms, _, _) => ages.Add(ms));
        listener.Start();
        var expected = 0;
        var readAfter = DateTimeOffset.UtcNow;
        foreach (var queue in Mapper.GetAllQueues())
        {
            var (receiver, _) = await StartAsync(log, queue);
            await DrainAsync(receiver);
            expected += log.Events.Count(e => StreamKey.For(e.TenantId, e.Event)
                .Any(k => Mapper.GetQueueForStream(StreamId.Create(EventStreamNamespaces.For(k.Kind), k.GrainKey)).Equals(queue)));
        }
        var readBy = DateTimeOffset.UtcNow;

        var ours = ages.Where(ms => ms >= (readAfter - sent).TotalMilliseconds && ms <= (readBy - sent).TotalMilliseconds).ToList();
        Assert.True(expected >= 60, "every event with a stream is read by at least one queue");
        Assert.Equal(expected, ours.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_event_reaches_each_of_its_streams_exactly_once_across_the_queues(int seed)
    {
        var log = RandomLog(400, seed);
        var delivered = new List<(StreamId, long)>();
        foreach (var queue in Mapper.GetAllQueues())
        {
            var (receiver, _) = await StartAsync(log, queue);
            foreach (var c in await DrainAsync(receiver, maxCount: 7))
            {
                Assert.Equal(queue, Mapper.GetQueueForStream(c.StreamId));
                delivered.AddRange(c.Batch.Events.Select(e => (c.StreamId, e.Sequence)));
            }
        }
        Assert.Equal(Expected(log).OrderBy(x => x.Sequence).ThenBy(x => x.Stream.ToString()),
            delivered.OrderBy(x => x.Item2).ThenBy(x => x.Item1.ToString()));
    }

    [Fact]
    public async Task Containers_are_ordered_by_token_and_each_names_the_streams_previous_delivery()
    {
        var log = RandomLog(300, 7);
        var (receiver, _) = await StartAsync(log, Mapper.GetAllQueues().First());
        var containers = await DrainAsync(receiver, maxCount: 5);
        Assert.NotEmpty(containers);
        for (var i = 1; i < containers.Count; i++)
            Assert.True(containers[i].SequenceToken.Newer(containers[i - 1].SequenceToken));
        var last = new Dictionary<StreamId, long>();
        foreach (var c in containers)
        {
            Assert.Equal(last.GetValueOrDefault(c.StreamId), c.Batch.PreviousSequence);
            Assert.True(c.Batch.Events.Zip(c.Batch.Events.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
            last[c.StreamId] = c.Batch.Events[^1].Sequence;
        }
    }

    [Fact]
    public async Task A_read_never_returns_more_containers_than_the_cache_takes()
    {
        var log = RandomLog(200, 11);
        var (receiver, _) = await StartAsync(log, Mapper.GetAllQueues().First());
        var read = await receiver.GetQueueMessagesAsync(3, CancellationToken.None);
        Assert.InRange(read.Count, 1, 3);
    }

    [Fact]
    public async Task The_checkpoint_moves_only_past_delivered_reads()
    {
        var log = RandomLog(120, 5);
        var queue = Mapper.GetAllQueues().First();
        var (receiver, _) = await StartAsync(log, queue);
        var first = (await receiver.GetQueueMessagesAsync(-1, CancellationToken.None)).Cast<EventLogBatchContainer>().ToList();
        var second = (await receiver.GetQueueMessagesAsync(-1, CancellationToken.None)).Cast<EventLogBatchContainer>().ToList();
        Assert.True(first.Count > 1 && second.Count > 0);
        var id = receiver.CheckpointId;

        // Part of the first read delivered: nothing is safe beyond where the read began.
        await receiver.MessagesDeliveredAsync(first.Take(first.Count - 1).ToList<IBatchContainer>(), CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(1));
        Assert.Equal(0, log.Checkpoints.GetValueOrDefault(id));

        (receiver, _) = await StartAsync(log, queue);
        first = (await receiver.GetQueueMessagesAsync(-1, CancellationToken.None)).Cast<EventLogBatchContainer>().ToList();
        await receiver.GetQueueMessagesAsync(-1, CancellationToken.None);
        await receiver.MessagesDeliveredAsync(first.ToList<IBatchContainer>(), CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(1));
        Assert.Equal(Options.PageSize, log.Checkpoints[id]);
    }

    [Fact]
    public async Task A_restarted_receiver_resumes_at_its_checkpoint_and_redelivers_what_was_not_confirmed()
    {
        var log = RandomLog(150, 9);
        var queue = Mapper.GetAllQueues().Last();
        var (receiver, _) = await StartAsync(log, queue);
        var first = (await receiver.GetQueueMessagesAsync(-1, CancellationToken.None)).Cast<EventLogBatchContainer>().ToList();
        var unconfirmed = await DrainAsync(receiver);
        await receiver.MessagesDeliveredAsync(first.ToList<IBatchContainer>(), CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(1));

        var (again, _) = await StartAsync(log, queue);
        var redelivered = await DrainAsync(again);
        Assert.Equal(unconfirmed.SelectMany(c => c.Batch.Events.Select(e => (c.StreamId, e.Sequence))).OrderBy(x => x.Sequence).ThenBy(x => x.StreamId.ToString()),
            redelivered.SelectMany(c => c.Batch.Events.Select(e => (c.StreamId, e.Sequence))).OrderBy(x => x.Sequence).ThenBy(x => x.StreamId.ToString()));
        // A fresh receiver does not know what came before on a stream.
        Assert.All(redelivered.GroupBy(c => c.StreamId).Select(g => g.First()), c => Assert.Equal(0, c.Batch.PreviousSequence));
    }

    [Fact]
    public async Task With_nothing_in_flight_the_checkpoint_follows_the_cursor_across_other_queues_events()
    {
        var log = new MemoryLog();
        var queue = Mapper.GetAllQueues().First();
        // Events only for streams of other queues.
        for (var i = 0; log.Events.Count < 30; i++)
            if (!Mapper.GetQueueForStream(StreamId.Create(EventStreamNamespaces.Customer, $"t1/x{i}")).Equals(queue)) log.Add($"x{i}", null, null);
        var (receiver, progress) = await StartAsync(log, queue);
        Assert.Empty(await DrainAsync(receiver));
        Assert.Equal(0, progress.Outstanding);
        await receiver.GetQueueMessagesAsync(-1, CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(1));
        Assert.Equal(30, log.Checkpoints[receiver.CheckpointId]);
    }

    [Fact]
    public async Task A_given_up_delivery_no_longer_holds_the_checkpoint_back()
    {
        var log = RandomLog(40, 3);
        var queue = Mapper.GetAllQueues().First();
        var (receiver, progress) = await StartAsync(log, queue);
        var read = await DrainAsync(receiver);
        Assert.NotEmpty(read);
        await receiver.MessagesDeliveredAsync(read.Skip(1).ToList<IBatchContainer>(), CancellationToken.None);
        Assert.Equal(1, progress.Outstanding);
        progress.GivenUp();
        await receiver.GetQueueMessagesAsync(-1, CancellationToken.None);
        await receiver.Shutdown(TimeSpan.FromSeconds(1));
        Assert.Equal(log.LastSequence, log.Checkpoints[receiver.CheckpointId]);
    }
}
