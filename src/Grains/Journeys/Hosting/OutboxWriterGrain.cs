using Orleans.Concurrency;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>Puts a message in the durable outbox on behalf of a grain's pending effect (the silo-local writer).</summary>
[Alias("pd.IOutboxWriterGrain")]
public interface IOutboxWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Enqueues the message; an existing (tenant, delivery id) is kept, so a repeat changes nothing.</summary>
    [Alias("EnqueueAsync")]
    Task EnqueueAsync(OutboxMessage message);
}

/// <summary>
/// Stateless: effects run on every silo, and the outbox itself makes a repeated delivery id a no-op. Reentrant, so the
/// calls of many customers wait for the outbox's group commit together instead of one after another.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class OutboxWriterGrain(IOutbox outbox) : Grain, IOutboxWriterGrain
{
    public Task EnqueueAsync(OutboxMessage message) => outbox.EnqueueAsync(message);
}
