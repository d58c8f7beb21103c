namespace PrivateDomain.Tests.Storage;

/// <summary>A grain state shaped like the engine's: a serializable record.</summary>
[GenerateSerializer, Alias("pd.tests.CounterState")]
public sealed record CounterState(
    [property: Id(0)] string Name,
    [property: Id(1)] int Count,
    [property: Id(2)] IReadOnlyList<string> Tags)
{
    public CounterState()
        : this("", 0, [])
    {
    }
}
