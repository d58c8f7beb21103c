namespace PrivateDomain.Grains.Grains;

/// <summary>How stream-fed grains persist what they apply. Section "Grains".</summary>
public sealed class EventGrainOptions
{
    public const string SectionName = "Grains";

    /// <summary>
    /// How long a grain keeps events it applied from its stream in memory before one state write covers them all
    /// (effects and console pushes follow that write). Safe because an activation replays its own stream from the
    /// log past its persisted position, so a crash before the write loses nothing. Zero writes every delivery
    /// through before acknowledging it.
    /// </summary>
    public TimeSpan WriteBehind { get; set; } = TimeSpan.FromMilliseconds(20);
}
