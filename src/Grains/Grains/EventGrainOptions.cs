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
    /// The same for grains whose console feed items are pushed only once written (personas), as a window: at most one
    /// write per window, but the first write after a quiet window goes at once (a 1 ms timer, whose turn still runs
    /// after the deliveries already waiting at the grain), so a lone chat is not held for the window while a busy
    /// persona's writes stay bounded. (Holding every write for the window, as before 2026-11-23, was most of the
    /// consoles bench's push p50: docs/benchmarks.md.)
    /// </summary>
    public TimeSpan FeedWriteBehind { get; set; } = TimeSpan.FromMilliseconds(20);
}
