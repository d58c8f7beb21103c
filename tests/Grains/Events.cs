using PrivateDomain.Contracts;

namespace PrivateDomain.Tests.Grains;

/// <summary>Events and ids for grain tests; ids are unique per call because each backend's cluster and log are shared.</summary>
internal static class Events
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static EngineEvent Make(string type, string? customer, string data = "{}", string? persona = null, string? group = null,
        DateTimeOffset? at = null) =>
        new(NewId("e"), type, customer, group, persona, at ?? ClusterFixture.Now, data);

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds or 5 s pass; effects run after the turn.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var value = await read();
        while (!done(value) && !timeout.IsCancellationRequested)
        {
            await Task.Delay(25, CancellationToken.None);
            value = await read();
        }
        return value;
    }
}
