namespace PrivateDomain.Silo.Streams;

/// <summary>
/// Containers a queue's receiver handed to the pulling agent that are neither delivered nor given up. Shared by
/// the receiver (emits, hears of deliveries) and the queue's failure handler (hears of give-ups).
/// </summary>
public sealed class QueueProgress
{
    private long _outstanding;

    public long Outstanding => Interlocked.Read(ref _outstanding);

    public void Emitted(int count) => Interlocked.Add(ref _outstanding, count);

    public void Delivered(int count) => Interlocked.Add(ref _outstanding, -count);

    public void GivenUp() => Interlocked.Decrement(ref _outstanding);

    public void Reset() => Interlocked.Exchange(ref _outstanding, 0);
}
