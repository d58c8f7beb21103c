using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The single writer of <c>wakeups.db</c>: takes every waiting schedule, cancel, claim and completion and commits
/// them in one transaction, in arrival order (so a claim sees the schedules queued before it). One fsync then
/// completes them all, which is what makes a million individual schedules cheap with synchronous=FULL.
/// </summary>
internal sealed class WakeUpWriteLoop : IDisposable
{
    private const int MaxRowsPerCommit = 20_000;
    private readonly SqliteDatabase _database;
    private readonly Channel<WakeUpWork> _queue = Channel.CreateUnbounded<WakeUpWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private long _commits;

    public WakeUpWriteLoop(SqliteDatabase database, ILogger logger)
    {
        _database = database;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "wakeup-writer" };
        _thread.Start();
    }

    public long CommitCount => Interlocked.Read(ref _commits);

    public Task<T> RunAsync<T>(int rows, Func<WakeUpStatements, T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var work = new WakeUpWork<T>(rows, body);
        if (!_queue.Writer.TryWrite(work)) throw new ObjectDisposedException(nameof(WakeUpWriteLoop));
        // Once queued the work commits whatever the caller does; the caller may stop waiting for it.
        return work.Task.WaitAsync(cancellationToken);
    }

    private void Run()
    {
        var batch = new List<WakeUpWork>();
        SqliteConnection? connection = null;
        WakeUpStatements? statements = null;
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
                statements ??= new WakeUpStatements(connection);
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
