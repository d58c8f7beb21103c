namespace PrivateDomain.Contracts;

/// <summary>
/// What an event stream delivers to its grain: the stream's events from one read of the log, in log order, and
/// the log position of the event the same reader delivered before them on this stream (0 when it does not know).
/// A grain whose applied position is below <see cref="PreviousSequence"/> has missed a delivery and catches up
/// from the log first.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.EventBatch")]
public sealed record EventBatch(
    [property: Id(0)] IReadOnlyList<LoggedEvent> Events,
    [property: Id(1)] long PreviousSequence);

/// <summary>The Orleans stream namespaces of the event spine: one per stream kind, keyed by the grain key.</summary>
public static class EventStreamNamespaces
{
    public const string Customer = "pd.customer";
    public const string Group = "pd.group";
    public const string Persona = "pd.persona";

    public static string For(StreamKind kind) => kind switch
    {
        StreamKind.Customer => Customer,
        StreamKind.Group => Group,
        StreamKind.Persona => Persona,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string ns, out StreamKind kind)
    {
        (var found, kind) = ns switch
        {
            Customer => (true, StreamKind.Customer),
            Group => (true, StreamKind.Group),
            Persona => (true, StreamKind.Persona),
            _ => (false, default),
        };
        return found;
    }
}
