using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Silo.Streams;

/// <summary>
/// Orleans persistent streams over the engine's durable log. The adapter is read-only: ingestion appends to the
/// log (and acknowledges after its commit); each queue's receiver reads the log in order and hands its streams'
/// events to the pulling agent, whose cache and delivery are Orleans' own.
/// </summary>
public sealed class EventLogQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    private readonly IEventLog _log;
    private readonly IGrainFactory _grains;
    private readonly EventLogStreamOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly LogTailCache _tail;
    private readonly ConcurrentDictionary<QueueId, QueueProgress> _progress = new();

    public EventLogQueueAdapterFactory(string name, IEventLog log, IGrainFactory grains, EventLogStreamOptions options, ILoggerFactory loggers)
    {
        Name = name;
        _log = log;
        _grains = grains;
        _options = options;
        _loggers = loggers;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.Queues }, name);
        _tail = new LogTailCache(log, options.TailCacheEvents, options.PageSize);
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, loggers);
    }

    /// <summary>The factory Orleans' AddPersistentStreams calls for the named provider.</summary>
    public static EventLogQueueAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<IEventLog>(),
        services.GetRequiredService<IGrainFactory>(),
        services.GetRequiredService<IOptions<EventLogStreamOptions>>().Value,
        services.GetRequiredService<ILoggerFactory>());

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new EventLogDeliveryFailureHandler(
            Progress(queueId), _grains, _options, _loggers.CreateLogger<EventLogDeliveryFailureHandler>()));

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new EventLogQueueReceiver(queueId, _log, _tail, _mapper, Progress(queueId), _options, _loggers.CreateLogger<EventLogQueueReceiver>());

    /// <summary>Events enter the spine only through the log (<see cref="IEventLog.AppendAsync"/>), which acknowledges after its commit.</summary>
    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException("The event spine is read-only: append to the event log instead.");

    private QueueProgress Progress(QueueId queueId) => _progress.GetOrAdd(queueId, _ => new QueueProgress());
}
