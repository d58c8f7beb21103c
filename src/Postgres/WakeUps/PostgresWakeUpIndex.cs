using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.WakeUps;

/// <summary>
/// The cluster-mode wake-up index in PostgreSQL (<c>pd_wakeups</c>). Schedules from concurrent callers are merged
/// by one loop into one upsert statement (one commit) per batch; claims lock with <c>FOR UPDATE SKIP LOCKED</c>,
/// so claimers in several processes share the due rows without ever taking the same one.
/// </summary>
public sealed class PostgresWakeUpIndex : IWakeUpIndex, IAsyncDisposable
{
    private const int MaxRowsPerStatement = 5_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly Channel<ScheduleRequest> _schedules = Channel.CreateUnbounded<ScheduleRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _scheduler;
    private long _commits;

    public PostgresWakeUpIndex(IOptions<PostgresOptions> options, PostgresSchemaGate schema)
        : this(options.Value, schema)
    {
    }

    internal PostgresWakeUpIndex(PostgresOptions settings, PostgresSchemaGate schema)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _scheduler = Task.Run(ScheduleLoopAsync);
    }

    /// <summary>Schedule statements committed since start.</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    public Task ScheduleAsync(IReadOnlyList<WakeUp> wakeUps, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(wakeUps);
        cancellationToken.ThrowIfCancellationRequested();
        if (wakeUps.Count == 0)
            return Task.CompletedTask;
        var request = new ScheduleRequest(wakeUps);
        if (!_schedules.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(PostgresWakeUpIndex));
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<int> CancelAsync(IReadOnlyList<WakeUpKey> keys, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(keys);
        if (keys.Count == 0)
            return 0;
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgWakeUpSql.Cancel);
        PgWakeUpArrays.AddKeys(command, keys);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ClaimedWakeUp>> TakeDueAsync(DateTimeOffset now, int maxCount, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(maxCount, leaseFor);
        if (maxCount == 0)
            return [];
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var until = now + leaseFor;
        await using var command = _dataSource.CreateCommand(PgWakeUpSql.Take);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = PgTime.Microseconds(now) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = PgWakeUpArrays.ReadyAt(until) });
        var claimed = new List<ClaimedWakeUp>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var due = PgTime.Join(reader.GetFieldValue<DateTime>(4), reader.GetInt16(5));
                var wakeUp = new WakeUp(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), due);
                claimed.Add(new ClaimedWakeUp(wakeUp, reader.GetInt64(6), until));
            }
        }
        // RETURNING gives no order; callers get the earliest due first.
        claimed.Sort(static (a, b) => a.WakeUp.DueAt.CompareTo(b.WakeUp.DueAt));
        return claimed;
    }

    public async Task<int> CompleteAsync(IReadOnlyList<ClaimedWakeUp> claimed, CancellationToken cancellationToken = default)
    {
        WakeUpArguments.Check(claimed);
        if (claimed.Count == 0)
            return 0;
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgWakeUpSql.Complete);
        PgWakeUpArrays.AddKeys(command, claimed.Select(c => c.WakeUp.Id).ToArray());
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = claimed.Select(c => c.Version).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgWakeUpSql.NextReady);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime ready
            ? new DateTimeOffset(DateTime.SpecifyKind(ready, DateTimeKind.Utc))
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        _schedules.Writer.TryComplete();
        await _scheduler.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    // Group commit: whatever queued while the previous statement ran goes into the next one.
    private async Task ScheduleLoopAsync()
    {
        var batch = new List<ScheduleRequest>();
        while (await _schedules.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var rows = 0;
            while (rows < MaxRowsPerStatement && _schedules.Reader.TryRead(out var request))
            {
                batch.Add(request);
                rows += request.WakeUps.Count;
            }
            try
            {
                await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
                await using var command = _dataSource.CreateCommand(PgWakeUpSql.Upsert);
                PgWakeUpArrays.AddSchedules(command, PgWakeUpArrays.Distinct(batch.SelectMany(r => r.WakeUps)));
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _commits);
                foreach (var request in batch) request.Completion.TrySetResult();
            }
            catch (Exception ex)
            {
                foreach (var request in batch) request.Completion.TrySetException(ex);
            }
        }
    }

    private sealed record ScheduleRequest(IReadOnlyList<WakeUp> WakeUps)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
