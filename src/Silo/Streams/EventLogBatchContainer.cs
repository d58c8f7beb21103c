using Orleans.Runtime;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Streams;

/// <summary>
/// One stream's events from one read of the log. The token orders containers as the log does: the first event's
/// position, then the stream's rank among that event's streams (one event can start several containers).
/// </summary>
[GenerateSerializer, Alias("pd.EventLogBatchContainer")]
public sealed class EventLogBatchContainer(StreamId streamId, EventBatch batch, EventSequenceTokenV2 token) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public EventBatch Batch { get; } = batch;

    [Id(2)]
    public EventSequenceTokenV2 Token { get; } = token;

    public StreamSequenceToken SequenceToken => Token;

    /// <summary>
    /// The queue checkpoint that becomes safe once this container and every older one are delivered. Only the
    /// receiver's own copy matters: the pulling agent's cache purges in order.
    /// </summary>
    [Id(3)]
    public long SafeCheckpoint { get; init; }

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Batch is T item) yield return Tuple.Create(item, (StreamSequenceToken)Token);
    }

    public bool ImportRequestContext() => false;
}
