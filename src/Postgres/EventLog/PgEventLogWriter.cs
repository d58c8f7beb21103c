using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using PrivateDomain.Storage.Sqlite;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>
/// The group-commit writer's two connections; used by the commit loop only.
/// <para>
/// The lead transaction takes the writers' advisory lock, reads the head and plans every append (sequences
/// head + 1 … gap-free, in queue order). Large commits are split at an append boundary: a helper transaction
/// inserts the lower half while the lead inserts the upper half, so PostgreSQL spends two cores on index
/// maintenance. The helper commits first and the lead (still holding the lock) last, so rows become visible in
/// sequence order and no other writer reads the head before both are visible.
/// </para>
/// <para>
/// Each insert is one <c>INSERT … ON CONFLICT (tenant_id, event_id) DO NOTHING</c>. When an insert skips a row
/// (a resend, a reused id) or an append conflicted within itself, the commit falls back: the helper rolls back,
/// the lead rolls back to its savepoint, reads the stored body hashes of the commit's ids (exactly the ids that
/// were not inserted), re-plans — same hash: duplicate; different: that append conflicts and contributes
/// nothing — and inserts again on the lead alone.
/// </para>
/// </summary>
internal sealed class PgEventLogWriter : IAsyncDisposable
{
    /// <summary>Smaller commits are not split: a second COMMIT would cost more than the parallel insert saves.</summary>
    private const int MinRowsToSplit = 128;

    private readonly PgEventInserter _lead;
    private readonly PgEventInserter _helper;
    private readonly NpgsqlBatch _lockAndHead;
    private readonly NpgsqlCommand _rollback;
    private readonly NpgsqlCommand _lookup;
    private readonly CommitPlan _plan = new();
    private readonly List<string> _lookupTenants = [];
    private readonly List<string> _lookupIds = [];
    private readonly HashSet<(string, string)> _keys = [];

    private PgEventLogWriter(PgEventInserter lead, PgEventInserter helper)
    {
        _lead = lead;
        _helper = helper;
        _lockAndHead = new NpgsqlBatch(lead.Connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(PgEventSql.Lock) { Parameters = { new NpgsqlParameter<long> { TypedValue = PgEventSql.WriterLockKey } } },
                new NpgsqlBatchCommand(PgEventSql.Head),
                new NpgsqlBatchCommand(PgEventSql.Savepoint),
            },
        };
        _rollback = new NpgsqlCommand(PgEventSql.RollbackToSavepoint, lead.Connection);
        _lookup = new NpgsqlCommand(PgEventSql.Lookup, lead.Connection)
        {
            Parameters =
            {
                new NpgsqlParameter<List<string>> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = _lookupTenants },
                new NpgsqlParameter<List<string>> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = _lookupIds },
            },
        };
    }

    /// <summary>Test hook: awaited after the lower part of a split commit committed and before the upper part commits.</summary>
    public Func<Task>? BeforeLeadCommit { get; set; }

    public static async Task<PgEventLogWriter> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var lead = await PgEventInserter.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
        PgEventInserter? helper = null;
        try
        {
            helper = await PgEventInserter.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
            var writer = new PgEventLogWriter(lead, helper);
            await writer._lockAndHead.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await writer._rollback.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await writer._lookup.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return writer;
        }
        catch
        {
            if (helper is not null) await helper.DisposeAsync().ConfigureAwait(false);
            await lead.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Writes the <paramref name="active"/> appends of <paramref name="batch"/> and returns the committed plan.
    /// Nothing is durable unless this returns, except as a <see cref="PartialCommitException"/> reports.
    /// </summary>
    public async Task<CommitPlan> CommitAsync(IReadOnlyList<AppendRequest> batch, bool[] active, CancellationToken cancellationToken)
    {
        await using var transaction = await _lead.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var head = await LockAndReadHeadAsync(cancellationToken).ConfigureAwait(false);

        // Optimistic pass: assume no id of this commit is logged yet (the common case).
        _plan.Build(batch, active, head, stored: null);
        var split = _plan.Rows.Count >= MinRowsToSplit && !_plan.NeedsStoredEvents ? _plan.EvenSplit() : (Appends: 0, Rows: 0);
        if (split.Rows > 0)
        {
            if (await TrySplitCommitAsync(batch, active, transaction, split, head, cancellationToken).ConfigureAwait(false))
                return _plan;
        }
        else if (_plan.NeedsStoredEvents || (_plan.Rows.Count > 0 && !await _lead.InsertAsync(_plan.Rows, 0, _plan.Rows.Count, cancellationToken).ConfigureAwait(false)))
        {
            await ReplanAsync(batch, active, head, cancellationToken).ConfigureAwait(false);
        }

        if (_plan.LastSequence > head)
            await _lead.NotifyAsync(_plan.LastSequence, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return _plan;
    }

    /// <summary>
    /// Inserts the lower rows on the helper and the upper rows on the lead at once; commits the helper, then
    /// the lead. False (both rolled back, re-planned and inserted on the lead) when some row was not inserted.
    /// </summary>
    private async Task<bool> TrySplitCommitAsync(
        IReadOnlyList<AppendRequest> batch, bool[] active, NpgsqlTransaction lead, (int Appends, int Rows) split, long head, CancellationToken cancellationToken)
    {
        var helper = await _helper.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lower = _helper.InsertAsync(_plan.Rows, 0, split.Rows, cancellationToken);
            var upper = _lead.InsertAsync(_plan.Rows, split.Rows, _plan.Rows.Count, cancellationToken);
            // Both run to their end before either result is used, so neither connection is left mid-statement.
            await Task.WhenAll(lower, upper).ConfigureAwait(false);
            if (await lower && await upper)
            {
                await _helper.NotifyAsync(head + split.Rows, cancellationToken).ConfigureAwait(false);
                await helper.CommitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (BeforeLeadCommit is { } hook)
                        await hook().ConfigureAwait(false);
                    await _lead.NotifyAsync(_plan.LastSequence, cancellationToken).ConfigureAwait(false);
                    await lead.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    throw new PartialCommitException([.. _plan.Results], split.Appends, head + split.Rows, ex);
                }
                _plan.SplitAt = split.Rows;
                return true;
            }
            await helper.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Rolls back whatever did not commit (a failure above): the lead then rolls back too.
            await helper.DisposeAsync().ConfigureAwait(false);
        }

        await ReplanAsync(batch, active, head, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async Task<long> LockAndReadHeadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var reader = await _lockAndHead.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var head = reader.GetInt64(0);
        PostgresTelemetry.LockWait.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return head;
    }

    /// <summary>
    /// The fallback: undoes the optimistic insert, reads the events already logged under any id of this commit,
    /// re-plans with them and inserts the new rows on the lead.
    /// </summary>
    private async Task ReplanAsync(IReadOnlyList<AppendRequest> batch, bool[] active, long head, CancellationToken cancellationToken)
    {
        PostgresTelemetry.SlowCommits.Add(1);
        _keys.Clear();
        _lookupTenants.Clear();
        _lookupIds.Clear();
        for (var a = 0; a < batch.Count; a++)
        {
            if (!active[a])
                continue;
            foreach (var e in batch[a].Events)
            {
                if (_keys.Add((batch[a].TenantId, e.Id)))
                {
                    _lookupTenants.Add(batch[a].TenantId);
                    _lookupIds.Add(e.Id);
                }
            }
        }

        await _rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<(string, string), StoredEvent>();
        await using (var reader = await _lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                stored[(reader.GetString(0), reader.GetString(1))] = new StoredEvent(reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
        }

        _plan.Build(batch, active, head, stored);
        // Under the writers' lock nothing else inserts, so every planned row must go in now.
        if (_plan.Rows.Count > 0 && !await _lead.InsertAsync(_plan.Rows, 0, _plan.Rows.Count, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException("An event id appeared in the log while the writers' lock was held: a writer bypassed the lock.");
    }

    public async ValueTask DisposeAsync()
    {
        await _lockAndHead.DisposeAsync().ConfigureAwait(false);
        await _rollback.DisposeAsync().ConfigureAwait(false);
        await _lookup.DisposeAsync().ConfigureAwait(false);
        await _helper.DisposeAsync().ConfigureAwait(false);
        await _lead.DisposeAsync().ConfigureAwait(false);
    }
}
