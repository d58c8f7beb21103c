using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Storage;

/// <summary>Where and how the embedded store keeps its files. Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder of the SQLite files (event log, grain state, outbox).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Appends waiting for the group-commit writer before new ones are refused with back-pressure.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingAppends { get; set; } = 10_000;

    /// <summary>Most appends merged into one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxAppendsPerCommit { get; set; } = 512;
}
