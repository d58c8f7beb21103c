using System.Globalization;

namespace PrivateDomain.Silo.Hosting;

/// <summary>
/// Sizes the process-wide <see cref="System.Buffers.ArrayPool{T}.Shared"/> for many live connections.
/// SignalR gives every console connection pipes that rent their segments from the shared pool, and returns them
/// once a send completes. The pool keeps 32 arrays of a size per core by default, so a fan-out to thousands of
/// consoles rents more than it keeps: the rest are allocated and dropped each time (a fifth of all allocations in
/// the consoles bench, which makes the gen0 collections, and their pauses, that much more frequent).
/// The runtime reads the limit once, from the environment, when the pool is first used; so
/// <see cref="Configure"/> must run first thing in <c>Main</c>. A value already set in the environment wins.
/// </summary>
public static class SharedBufferPool
{
    /// <summary>The runtime's own setting: arrays of one size kept per core.</summary>
    public const string MaxArraysPerPartitionVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>
    /// Arrays of one size kept per core: 1,024 × 4 KiB segments is at most 4 MiB a core for the pipes' size,
    /// enough for a push to every console of a busy gateway to find its segment in the pool.
    /// </summary>
    public const int MaxArraysPerPartition = 1024;

    /// <summary>Sets the limit unless the environment already has one. Returns the limit in force.</summary>
    public static int Configure()
    {
        var existing = Environment.GetEnvironmentVariable(MaxArraysPerPartitionVariable);
        if (int.TryParse(existing, NumberStyles.None, CultureInfo.InvariantCulture, out var set) && set > 0) return set;
        Environment.SetEnvironmentVariable(MaxArraysPerPartitionVariable, MaxArraysPerPartition.ToString(CultureInfo.InvariantCulture));
        return MaxArraysPerPartition;
    }
}
