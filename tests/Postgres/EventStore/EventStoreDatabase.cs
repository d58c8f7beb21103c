using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.EventLog;
using PrivateDomain.Postgres.Outbox;

namespace PrivateDomain.Tests.Postgres.EventStore;

/// <summary>
/// A fresh database with the schema applied (PostgresSchema, as the hosts do); opens event logs and outboxes
/// on it, each as its own instance (as separate processes would) and disposes them at the end.
/// </summary>
internal sealed class EventStoreDatabase : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<IAsyncDisposable> _opened = [];

    private EventStoreDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<EventStoreDatabase> CreateAsync(PostgresFixture pg, string prefix)
    {
        var connectionString = await pg.NewDatabaseAsync(prefix);
        await PostgresSchema.EnsureAsync(connectionString, CancellationToken.None);
        return new EventStoreDatabase(connectionString);
    }

    public PostgresOptions Options(int maxPendingAppends = 10_000, int maxAppendsPerCommit = 512) => new()
    {
        ConnectionString = ConnectionString,
        MaxPendingAppends = maxPendingAppends,
        MaxAppendsPerCommit = maxAppendsPerCommit,
    };

    /// <summary>Opens a log and waits until it has read the head.</summary>
    public async Task<PostgresEventLog> OpenLogAsync(int maxPendingAppends = 10_000, int maxAppendsPerCommit = 512, TimeSpan? headPoll = null)
    {
        var log = new PostgresEventLog(
            Options(maxPendingAppends, maxAppendsPerCommit),
            Schema(),
            NullLogger.Instance,
            headPoll ?? PostgresEventLog.DefaultHeadPollInterval);
        _opened.Add(log);
        await log.Ready.WaitAsync(Timeout);
        return log;
    }

    public PostgresOutbox OpenOutbox(TimeSpan? poll = null)
    {
        var outbox = new PostgresOutbox(Options(), Schema(), NullLogger.Instance, poll ?? PostgresOutbox.DefaultPollInterval);
        _opened.Add(outbox);
        return outbox;
    }

    /// <summary>Runs SQL straight against the database, as another tool or writer would.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in _opened)
            await opened.DisposeAsync();
    }

    private PostgresSchemaGate Schema() => new(ct => PostgresSchema.EnsureAsync(ConnectionString, ct));
}
