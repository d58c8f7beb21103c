using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The single writer of one SQLite file: takes every waiting call and commits them in one transaction, in arrival
/// order (so a call sees the writes queued before it). One fsync then completes them all, which is what makes a
/// million individual calls cheap with synchronous=FULL. Used by the wake-up index and the journey stats store.
/// </summary>
internal sealed class SqliteWriteLoop<TStatements> : IDisposable
    where TStatements : class, ISqliteStatements
{
    private const int MaxRowsPerCommit = 20_000;
    private readonly SqliteDatabase _database;
    // Synchronous continuations: a TryWrite wakes the blocked writer thread itself. With asynchronous ones the wake
    // was a thread-pool work item, queued behind every grain turn waiting for the pool, so under load each commit
    // started late by however long the pool's queue was. Only this loop's own wait is ever continued.
    private readonly Channel<SqliteWork<TStatements>> _queue = Channel.CreateUnbounded<SqliteWork<TStatements>>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly Func<SqliteConnection, TStatements> _prepare;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private long _commits;

    public SqliteWriteLoop(SqliteDatabase database, Func<SqliteConnection, TStatements> prepare, string name, ILogger logger)
    {
        _database = database;
        _prepare = prepare;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public long CommitCount => Interlocked.Read(ref _commits);

    public Task<T> RunAsync<T>(int rows, Func<TStatements, T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var work = new SqliteWork<TStatements, T>(rows, body);
        if (!_queue.Writer.TryWrite(work)) throw new ObjectDisposedException(_thread.Name);
        // Once queued the work commits whatever the caller does; the caller may stop waiting for it.
        return work.Task.WaitAsync(cancellationToken);
    }

    private void Run()
    {
        var batch = new List<SqliteWork<TStatements>>();
        SqliteConnection? connection = null;
        TStatements? statements = null;
        // Blocking is deliberate: this is the loop's own thread, never a pool thread.
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            var rows = 0;
            while (rows < MaxRowsPerCommit && _queue.Reader.TryRead(out var work))
            {
                batch.Add(work);
                rows += Math.Max(1, work.Rows);
            }
            try
            {
                connection ??= _database.Open();
                statements ??= _prepare(connection);
                using (var transaction = connection.BeginTransaction())
                {
                    statements.Begin(transaction);
                    foreach (var work in batch) work.Run(statements);
                    transaction.Commit();
                }
                Interlocked.Increment(ref _commits);
                foreach (var work in batch) work.Succeed();
            }
            catch (Exception ex)
            {
                StorageLog.GroupCommitFailed(_logger, ex, batch.Count);
                // The connection may be unusable after an I/O error; the next batch opens a fresh one.
                statements?.Dispose();
                connection?.Dispose();
                (statements, connection) = (null, null);
                foreach (var work in batch) work.Fail(ex);
            }
        }
        statements?.Dispose();
        connection?.Dispose();
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(10));
    }
}
