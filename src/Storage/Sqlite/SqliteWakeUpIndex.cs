using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The wake-up index in its own file, <c>wakeups.db</c>, so its writer (busy with claims and completions while
/// waits come due) never queues behind the log's or grain state's writers for SQLite's one write lock.
/// It commits with synchronous=FULL: it is the only thing that brings a deactivated grain back, so a schedule
/// acknowledged before a power loss must survive it; group commit makes that one fsync per batch, not per call.
/// </summary>
public sealed class SqliteWakeUpIndex : IWakeUpIndex, IDisposable
{
    public const string FileName = "wakeups.db";

    private readonly SqliteDatabase _database;
    private readonly SqliteWriteLoop<WakeUpStatements> _writer;

    public SqliteWakeUpIndex(IOptions<StorageOptions> options, ILogger<SqliteWakeUpIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = new SqliteDatabase(SqliteFiles.PathOf(options.Value, FileName), SqliteDurability.Full);
        _database.EnsureSchema(WakeUpSql.SchemaVersion, WakeUpSql.Schema);
        _writer = new SqliteWriteLoop<WakeUpStatements>(_database, c => new WakeUpStatements(c), "wakeup-writer", (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>The file's path (for tools and the bench).</summary>
    public string Path => _database.Path;

    /// <summary>Transactions committed by the writer since start.</summary>
    public long CommitCount => _writer.CommitCount;

    public Task ScheduleAsync(IReadOnlyList<WakeUp> wakeUps, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(wakeUps);
        return wakeUps.Count == 0 ? Task.CompletedTask : _writer.RunAsync(wakeUps.Count, s => s.Schedule(wakeUps), cancellationToken);
    }

    public Task<int> CancelAsync(IReadOnlyList<WakeUpKey> keys, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(keys);
        return keys.Count == 0 ? Task.FromResult(0) : _writer.RunAsync(keys.Count, s => s.Cancel(keys), cancellationToken);
    }

    public Task<IReadOnlyList<ClaimedWakeUp>> TakeDueAsync(DateTimeOffset now, int maxCount, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(maxCount, leaseFor);
        return maxCount == 0
            ? Task.FromResult<IReadOnlyList<ClaimedWakeUp>>([])
            : _writer.RunAsync(maxCount, s => s.Take(now, maxCount, leaseFor), cancellationToken);
    }

    public Task<int> CompleteAsync(IReadOnlyList<ClaimedWakeUp> claimed, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(claimed);
        return claimed.Count == 0 ? Task.FromResult(0) : _writer.RunAsync(claimed.Count, s => s.Complete(claimed), cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = WakeUpSql.NextReady;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _database.ClearPool();
    }
}
