using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Postgres;

/// <summary>Cluster mode's PostgreSQL. Section "Postgres".</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>Npgsql connection string of the engine's database (Orleans tables and the event log).</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Appends waiting for the group-commit writer before new ones are refused with back-pressure.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingAppends { get; set; } = 10_000;

    /// <summary>Most appends merged into one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxAppendsPerCommit { get; set; } = 512;
}
