using Microsoft.Data.Sqlite;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The writer connection and its prepared statements. Used by one thread only. A group commit is one
/// transaction; each append runs inside its own savepoint so a conflict undoes only that append.
/// </summary>
internal sealed class EventLogWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _lookup;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand[] _commands;
    private readonly Dictionary<string, byte[]> _seenInAppend = new(StringComparer.Ordinal);

    public EventLogWriter(SqliteDatabase database)
    {
        _connection = database.Open();
        _insert = Prepare(EventLogSql.Insert, "$seq", "$tenant", "$id", "$type", "$customer", "$group", "$persona", "$at", "$data", "$hash");
        _lookup = Prepare(EventLogSql.Lookup, "$tenant", "$id");
        _savepoint = Prepare("SAVEPOINT append;");
        _release = Prepare("RELEASE append;");
        _rollback = Prepare("ROLLBACK TO append;");
        _commands = [_insert, _lookup, _savepoint, _release, _rollback];
    }

    public long ReadLastSequence()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = EventLogSql.LastSequence;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Writes <paramref name="batch"/> in one transaction and fills <paramref name="results"/> (null for an
    /// append cancelled before it was written). Nothing is durable unless this returns.
    /// </summary>
    public CommitSummary Commit(IReadOnlyList<AppendRequest> batch, long lastSequence, AppendResult?[] results)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var command in _commands)
            command.Transaction = transaction;

        var summary = new CommitSummary(lastSequence, 0, 0);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = batch[i].CancellationToken.IsCancellationRequested ? null : AppendOne(batch[i], ref summary);
        }

        transaction.Commit();
        return summary;
    }

    private AppendResult AppendOne(AppendRequest request, ref CommitSummary summary)
    {
        _savepoint.ExecuteNonQuery();
        _seenInAppend.Clear();
        List<int>? conflicts = null;
        int accepted = 0, duplicates = 0;
        var highest = 0L;

        for (var i = 0; i < request.Events.Count; i++)
        {
            var e = request.Events[i];
            var hash = request.Hashes[i];
            if (_seenInAppend.TryGetValue(e.Id, out var earlier))
            {
                if (earlier.AsSpan().SequenceEqual(hash)) duplicates++;
                else (conflicts ??= []).Add(i);
                continue;
            }

            _seenInAppend.Add(e.Id, hash);
            // Only the upsert's own key may conflict silently; a clash on seq would raise, never skip.
            var sequence = summary.LastSequence + accepted + 1;
            if (TryInsert(sequence, request.TenantId, e, hash))
            {
                accepted++;
                highest = sequence;
                continue;
            }

            var (storedSequence, storedHash) = Lookup(request.TenantId, e.Id);
            if (storedHash.AsSpan().SequenceEqual(hash))
            {
                duplicates++;
                highest = Math.Max(highest, storedSequence);
            }
            else
            {
                (conflicts ??= []).Add(i);
            }
        }

        if (conflicts is not null)
        {
            _rollback.ExecuteNonQuery();
            _release.ExecuteNonQuery();
            return new AppendResult(AppendOutcome.Conflict, 0, duplicates, conflicts, summary.LastSequence);
        }

        _release.ExecuteNonQuery();
        summary = new CommitSummary(
            Math.Max(summary.LastSequence, highest), summary.Appended + accepted, summary.Duplicates + duplicates);
        return new AppendResult(AppendOutcome.Appended, accepted, duplicates, [], highest);
    }

    private bool TryInsert(long sequence, string tenantId, EngineEvent e, byte[] hash)
    {
        var p = _insert.Parameters;
        p[0].Value = sequence;
        p[1].Value = tenantId;
        p[2].Value = e.Id;
        p[3].Value = e.Type;
        p[4].Value = (object?)e.CustomerId ?? DBNull.Value;
        p[5].Value = (object?)e.GroupId ?? DBNull.Value;
        p[6].Value = (object?)e.PersonaId ?? DBNull.Value;
        p[7].Value = e.OccurredAt.UtcTicks;
        p[8].Value = e.DataJson;
        p[9].Value = hash;
        return _insert.ExecuteNonQuery() == 1;
    }

    private (long Sequence, byte[] Hash) Lookup(string tenantId, string eventId)
    {
        _lookup.Parameters[0].Value = tenantId;
        _lookup.Parameters[1].Value = eventId;
        using var reader = _lookup.ExecuteReader();
        if (!reader.Read())
            throw new InvalidOperationException($"Event '{eventId}' of tenant '{tenantId}' conflicted but cannot be found.");
        return (reader.GetInt64(0), (byte[])reader.GetValue(1));
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
            command.Dispose();
        _connection.Dispose();
    }
}
