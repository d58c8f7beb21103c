using Npgsql;

namespace PrivateDomain.Postgres;

/// <summary>
/// Creates or upgrades the engine's PostgreSQL schema: every script under deploy/postgres (embedded in this
/// assembly), in file-name order, in one transaction. The scripts are idempotent, so this runs on every start.
/// </summary>
public static class PostgresSchema
{
    /// <summary>
    /// The advisory lock that serialises concurrent migrators (silos starting together, migrate.sh).
    /// deploy/postgres/migrate.sh takes the same number.
    /// </summary>
    public const long AdvisoryLockKey = 0x5044_5343_4845_4D41; // "PDSCHEMA"

    private const string ResourcePrefix = "PrivateDomain.Postgres.Schema.";

    /// <summary>The embedded script names (e.g. "010_orleans_main.sql"), in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(PostgresSchema).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Applies every script under one transaction-scoped advisory lock; a second caller waits, then finds nothing to do.</summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }
        foreach (var name in ScriptNames)
        {
            await using var script = new NpgsqlCommand(await ReadScriptAsync(name, ct), connection, transaction);
            await script.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>The text of one embedded script.</summary>
    public static async Task<string> ReadScriptAsync(string name, CancellationToken ct)
    {
        var assembly = typeof(PostgresSchema).Assembly;
        await using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new ArgumentException($"No embedded schema script '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }
}
