using Microsoft.Data.Sqlite;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// The wake-up writer's prepared statements on its one connection. Versions come from a counter that starts
/// above both the clock's ticks and every stored version, so a version is never reused, even across restarts
/// and after a row is deleted and scheduled again.
/// </summary>
internal sealed class WakeUpStatements : ISqliteStatements
{
    private readonly SqliteCommand _upsert, _cancel, _due, _claim, _complete;
    private long _version;

    public WakeUpStatements(SqliteConnection connection)
    {
        _upsert = SqliteStatements.Prepare(connection, WakeUpSql.Upsert, "$tenant", "$kind", "$entity", "$key", "$due", "$version");
        _cancel = SqliteStatements.Prepare(connection, WakeUpSql.Cancel, "$tenant", "$kind", "$entity", "$key");
        _due = SqliteStatements.Prepare(connection, WakeUpSql.Due, "$now", "$limit");
        _claim = SqliteStatements.Prepare(connection, WakeUpSql.Claim, "$tenant", "$kind", "$entity", "$key", "$until", "$version");
        _complete = SqliteStatements.Prepare(connection, WakeUpSql.Complete, "$tenant", "$kind", "$entity", "$key", "$version");
        using var setup = connection.CreateCommand();
        setup.CommandText = WakeUpSql.WriterCache;
        setup.ExecuteNonQuery();
        setup.CommandText = WakeUpSql.MaxVersion;
        _version = Math.Max(DateTime.UtcNow.Ticks, (long)setup.ExecuteScalar()!);
    }

    public void Begin(SqliteTransaction transaction)
    {
        foreach (var command in new[] { _upsert, _cancel, _due, _claim, _complete })
            command.Transaction = transaction;
    }

    public int Schedule(IReadOnlyList<WakeUp> wakeUps)
    {
        var changed = 0;
        foreach (var w in wakeUps)
        {
            BindKey(_upsert, w.Id);
            _upsert.Parameters[4].Value = w.DueAt.UtcTicks;
            _upsert.Parameters[5].Value = ++_version;
            changed += _upsert.ExecuteNonQuery();
        }
        return changed;
    }

    public int Cancel(IReadOnlyList<WakeUpKey> keys)
    {
        var removed = 0;
        foreach (var key in keys)
        {
            BindKey(_cancel, key);
            removed += _cancel.ExecuteNonQuery();
        }
        return removed;
    }

    public IReadOnlyList<ClaimedWakeUp> Take(DateTimeOffset now, int maxCount, TimeSpan leaseFor)
    {
        var due = new List<WakeUp>();
        _due.Parameters[0].Value = now.UtcTicks;
        _due.Parameters[1].Value = maxCount;
        using (var reader = _due.ExecuteReader())
        {
            while (reader.Read())
                due.Add(new WakeUp(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        var until = now + leaseFor;
        var claimed = new ClaimedWakeUp[due.Count];
        for (var i = 0; i < due.Count; i++)
        {
            BindKey(_claim, due[i].Id);
            _claim.Parameters[4].Value = until.UtcTicks;
            _claim.Parameters[5].Value = ++_version;
            _claim.ExecuteNonQuery();
            claimed[i] = new ClaimedWakeUp(due[i], _version, until);
        }
        return claimed;
    }

    public int Complete(IReadOnlyList<ClaimedWakeUp> claimed)
    {
        var removed = 0;
        foreach (var c in claimed)
        {
            BindKey(_complete, c.WakeUp.Id);
            _complete.Parameters[4].Value = c.Version;
            removed += _complete.ExecuteNonQuery();
        }
        return removed;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _upsert, _cancel, _due, _claim, _complete })
            command.Dispose();
    }

    private static void BindKey(SqliteCommand command, WakeUpKey key)
    {
        var p = command.Parameters;
        p[0].Value = key.TenantId;
        p[1].Value = key.Kind;
        p[2].Value = key.EntityId;
        p[3].Value = key.Key;
    }
}
