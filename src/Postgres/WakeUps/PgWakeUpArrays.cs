using Npgsql;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.WakeUps;

/// <summary>Turns a batch into the column arrays <see cref="PgWakeUpSql"/> unnests.</summary>
internal static class PgWakeUpArrays
{
    /// <summary>
    /// One row per key (the last schedule of a key wins: one statement may not update a row twice), in key
    /// order, so concurrent upserts from several processes lock rows in the same order and cannot deadlock.
    /// </summary>
    public static List<WakeUp> Distinct(IEnumerable<WakeUp> wakeUps)
    {
        var byKey = new Dictionary<WakeUpKey, WakeUp>();
        foreach (var w in wakeUps)
            byKey[w.Id] = w;
        var rows = byKey.Values.ToList();
        rows.Sort(static (a, b) => Compare(a.Id, b.Id));
        return rows;
    }

    public static void AddKeys(NpgsqlCommand command, IReadOnlyList<WakeUpKey> keys)
    {
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.TenantId).ToArray() });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.Kind).ToArray() });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.EntityId).ToArray() });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.Key).ToArray() });
    }

    public static void AddSchedules(NpgsqlCommand command, IReadOnlyList<WakeUp> rows)
    {
        AddKeys(command, rows.Select(w => w.Id).ToArray());
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = rows.Select(w => PgTime.Microseconds(w.DueAt)).ToArray() });
        p.Add(new NpgsqlParameter<short[]> { TypedValue = rows.Select(w => PgTime.SubMicrosecondTicks(w.DueAt)).ToArray() });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = rows.Select(w => ReadyAt(w.DueAt)).ToArray() });
    }

    /// <summary>The due instant rounded up to the microsecond, so an entry is never taken before it is due.</summary>
    public static DateTime ReadyAt(DateTimeOffset due) =>
        PgTime.SubMicrosecondTicks(due) == 0 ? PgTime.Microseconds(due) : PgTime.Microseconds(due).AddTicks(TimeSpan.TicksPerMicrosecond);

    private static int Compare(WakeUpKey a, WakeUpKey b)
    {
        var c = string.CompareOrdinal(a.TenantId, b.TenantId);
        if (c == 0) c = string.CompareOrdinal(a.Kind, b.Kind);
        if (c == 0) c = string.CompareOrdinal(a.EntityId, b.EntityId);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    }
}
