using Microsoft.Data.Sqlite;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// One SQLite file: opens pooled connections with the file's pragmas and creates its schema once.
/// WAL lets readers run beside the single writer; the durability level decides how often it fsyncs.
/// </summary>
public sealed class SqliteDatabase
{
    private const int BusyTimeoutMs = 5_000;

    /// <summary>
    /// What a WAL file is cut back to once SQLite starts it over (journal_size_limit). A burst of writes grows the WAL
    /// as long as readers keep the checkpoint from catching up (a full-scale seed left a 730 MB event-log WAL); without
    /// a limit the file keeps that size for good.
    /// </summary>
    public const long DefaultWalSizeLimit = 64L * 1024 * 1024;

    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDatabase(string path, SqliteDurability durability, long walSizeLimit = DefaultWalSizeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(walSizeLimit);
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        var synchronous = durability == SqliteDurability.Full ? "FULL" : "NORMAL";
        // Savepoint sub-journals stay in memory: the event log opens one savepoint per append.
        _pragmas = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = {synchronous}; PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = {walSizeLimit};";
    }

    public string Path { get; }

    /// <summary>Opens a connection synchronously (for the dedicated writer thread and start-up).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a pooled connection with the file's pragmas applied.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Switches the file to WAL and applies <paramref name="ddl"/> (idempotent statements) unless the file's
    /// user_version already equals <paramref name="version"/>. Refuses files written by a newer schema.
    /// </summary>
    public void EnsureSchema(int version, string ddl)
    {
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > version)
            throw new NotSupportedException($"'{Path}' has schema version {current}; this build knows up to {version}.");
        if (current == version)
            return;

        using var transaction = connection.BeginTransaction();
        Execute(connection, ddl, transaction);
        Execute(connection, $"PRAGMA user_version = {version};", transaction);
        transaction.Commit();
    }

    /// <summary>Closes the idle pooled connections so the file is released.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
