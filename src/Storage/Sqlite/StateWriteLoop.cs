using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>One grain-state write or delete waiting for the writer, with the ETag it expects.</summary>
internal sealed record StateWrite(string StateName, string GrainId, long? ExpectedEtag, byte[]? Payload)
{
    /// <summary>Completes with the new ETag (null after a delete), or fails with the stored ETag on a mismatch.</summary>
    public TaskCompletionSource<long?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Raised inside the writer when a row's ETag is not the expected one; carries the stored ETag.</summary>
internal sealed class StateEtagMismatch(long? stored) : Exception("ETag mismatch")
{
    public long? Stored { get; } = stored;
}

/// <summary>
/// The single writer of <c>state.db</c>: takes every waiting write and commits them in one transaction, each
/// checked against its own ETag (a mismatch fails that write only, and changes nothing). SQLite allows one
/// writer per file; one thread that batches avoids both lock contention and one commit per grain write.
/// </summary>
internal sealed class StateWriteLoop : IDisposable
{
    private const int MaxPerCommit = 1_000;
    private readonly SqliteDatabase _database;
    // A write wakes the writer thread itself, not through a thread-pool hop (see SqliteWriteLoop).
    private readonly Channel<StateWrite> _queue = Channel.CreateUnbounded<StateWrite>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly ILogger _logger;
    private readonly Thread _thread;

    public StateWriteLoop(SqliteDatabase database, ILogger logger)
    {
        _database = database;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "state-writer" };
        _thread.Start();
    }

    public Task<long?> WriteAsync(StateWrite write)
    {
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(StateWriteLoop));
        return write.Completion.Task;
    }

    private void Run()
    {
        var batch = new List<StateWrite>();
        SqliteConnection? connection = null;
        // Blocking is deliberate: this is the loop's own thread, never a pool thread.
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxPerCommit && _queue.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                connection ??= _database.Open();
                Commit(connection, batch);
            }
            catch (Exception ex)
            {
                StorageLog.GroupCommitFailed(_logger, ex, batch.Count);
                connection?.Dispose();
                connection = null;
                foreach (var write in batch) write.Completion.TrySetException(ex);
            }
        }
        connection?.Dispose();
    }

    private static void Commit(SqliteConnection connection, List<StateWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var outcomes = new (long? Etag, Exception? Error)[batch.Count];
        using (var transaction = connection.BeginTransaction())
        {
            for (var i = 0; i < batch.Count; i++) outcomes[i] = Apply(connection, transaction, batch[i]);
            transaction.Commit();
        }
        StorageTelemetry.StateWritesPerCommit.Record(batch.Count);
        StorageTelemetry.StateCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error) batch[i].Completion.TrySetException(error);
            else batch[i].Completion.TrySetResult(outcomes[i].Etag);
        }
    }

    private static (long?, Exception?) Apply(SqliteConnection connection, SqliteTransaction transaction, StateWrite w)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$state", w.StateName);
        command.Parameters.AddWithValue("$grain", w.GrainId);
        long? next;
        if (w.Payload is null && w.ExpectedEtag is null)
        {
            // Clearing state that was never read or written is right only while nothing is stored.
            command.CommandText = GrainStateSql.ReadEtag;
            return command.ExecuteScalar() is long stored ? (null, new StateEtagMismatch(stored)) : (null, null);
        }
        if (w.Payload is null)
        {
            command.CommandText = GrainStateSql.Delete;
            command.Parameters.AddWithValue("$expected", w.ExpectedEtag);
            next = null;
        }
        else if (w.ExpectedEtag is null)
        {
            // A new row starts at the clock's ticks, so a row cleared and written again never reuses an
            // ETag that a stale activation could still hold.
            next = DateTime.UtcNow.Ticks;
            command.CommandText = GrainStateSql.Insert;
            command.Parameters.AddWithValue("$etag", next);
            command.Parameters.AddWithValue("$payload", w.Payload);
        }
        else
        {
            next = w.ExpectedEtag + 1;
            command.CommandText = GrainStateSql.Update;
            command.Parameters.AddWithValue("$expected", w.ExpectedEtag);
            command.Parameters.AddWithValue("$payload", w.Payload);
        }
        if (command.ExecuteNonQuery() == 1) return (next, null);
        command.CommandText = GrainStateSql.ReadEtag;
        return (null, new StateEtagMismatch(command.ExecuteScalar() as long?));
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(10));
    }
}
