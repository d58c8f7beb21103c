namespace PrivateDomain.Grains.State;

/// <summary>What every stream-fed grain persists besides its own facts: its log position and unfinished effects.</summary>
public interface IEventStreamState
{
    long AppliedSequence { get; set; }

    List<GrainEffect> PendingEffects { get; }
}
