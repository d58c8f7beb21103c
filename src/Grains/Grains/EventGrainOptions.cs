namespace PrivateDomain.Grains.Grains;

/// <summary>How stream-fed grains persist what they apply. Section "Grains".</summary>
public sealed class EventGrainOptions
{
    public const string SectionName = "Grains";

    /// <summary>
    /// How long a customer or group grain keeps events it applied from its stream in memory before one state
    /// write covers them all. Safe because an activation replays its own stream from the log past its persisted
    /// position, so a crash before the write loses nothing; their effects run at once (receivers are idempotent,
    /// and a replay regenerates the same effects). State writes, not the log, are what cap the spine's
    /// throughput, so this is long. Zero writes every delivery through.
    /// </summary>
    public TimeSpan WriteBehind { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The same for grains whose console feed items are pushed only once written (personas): it is on the way from
    /// an event to the agent's screen, so it is the shortest timer there is. Its write still covers a burst: the
    /// timer's turn queues behind the deliveries already waiting at the grain, which are applied first. (At 20 ms the
    /// consoles bench's push p50 was 39 ms; at 1 ms, 16–19 ms, with less CPU: docs/benchmarks.md.)
    /// </summary>
    public TimeSpan FeedWriteBehind { get; set; } = TimeSpan.FromMilliseconds(1);
}
