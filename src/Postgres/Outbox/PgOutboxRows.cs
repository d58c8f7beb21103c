using Npgsql;
using NpgsqlTypes;
using PrivateDomain.Contracts;

namespace PrivateDomain.Postgres.Outbox;

/// <summary>Maps pd_outbox rows (in <see cref="PgOutboxSql"/> column order) to and from messages.</summary>
internal static class PgOutboxRows
{
    /// <summary>The messages as one array per column, in the order of <see cref="PgOutboxSql.InsertMany"/>.</summary>
    public static void BindArrays(NpgsqlCommand command, IReadOnlyList<OutboxMessage> messages)
    {
        var p = command.Parameters;
        void Texts(Func<OutboxMessage, string?> column) => p.Add(new NpgsqlParameter<string?[]> { TypedValue = messages.Select(column).ToArray() });
        Texts(m => m.TenantId);
        Texts(m => m.DeliveryId);
        Texts(m => m.Channel);
        Texts(m => m.PersonaId);
        Texts(m => m.CustomerId);
        Texts(m => m.GroupId);
        Texts(m => m.AgentId);
        Texts(m => m.Kind);
        Texts(m => m.Text);
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = messages.Select(m => PgTime.Microseconds(m.CreatedAt)).ToArray() });
        p.Add(new NpgsqlParameter<short[]> { TypedValue = messages.Select(m => PgTime.SubMicrosecondTicks(m.CreatedAt)).ToArray() });
        Texts(m => m.Status);
        p.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = messages.Select(m => m.SentAt is { } at ? PgTime.Microseconds(at) : (DateTime?)null).ToArray() });
        p.Add(new NpgsqlParameter<short?[]> { TypedValue = messages.Select(m => m.SentAt is { } at ? PgTime.SubMicrosecondTicks(at) : (short?)null).ToArray() });
        p.Add(new NpgsqlParameter<int[]> { TypedValue = messages.Select(m => m.Attempts).ToArray() });
        p.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = messages.Select(m => m.NextAttemptAt is { } at ? PgTime.Microseconds(at) : (DateTime?)null).ToArray() });
        Texts(m => m.LastError);
        Texts(m => m.Target);
        Texts(m => m.SecretName);
    }

    /// <summary>A timestamptz to the microsecond, or a typed null.</summary>
    public static NpgsqlParameter Time(DateTimeOffset? value) => value is { } v
        ? new NpgsqlParameter<DateTime> { TypedValue = PgTime.Microseconds(v) }
        : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DBNull.Value };

    public static NpgsqlParameter Text(string? value) => value is null
        ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value }
        : new NpgsqlParameter<string> { TypedValue = value };

    public static async Task<IReadOnlyList<OutboxMessage>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            messages.Add(Read(reader));
        return messages;
    }

    private static OutboxMessage Read(NpgsqlDataReader row) => new(
        DeliveryId: row.GetString(1),
        TenantId: row.GetString(0),
        Channel: row.GetString(2),
        PersonaId: row.GetString(3),
        CustomerId: row.IsDBNull(4) ? null : row.GetString(4),
        GroupId: row.IsDBNull(5) ? null : row.GetString(5),
        AgentId: row.IsDBNull(6) ? null : row.GetString(6),
        Kind: row.GetString(7),
        Text: row.GetString(8),
        CreatedAt: PgTime.Join(row.GetFieldValue<DateTime>(9), row.GetInt16(10)),
        Status: row.GetString(11),
        SentAt: row.IsDBNull(12) ? null : PgTime.Join(row.GetFieldValue<DateTime>(12), row.IsDBNull(13) ? (short)0 : row.GetInt16(13)),
        Attempts: row.GetInt32(14),
        NextAttemptAt: row.IsDBNull(15) ? null : PgTime.Join(row.GetFieldValue<DateTime>(15), 0),
        LastError: row.IsDBNull(16) ? null : row.GetString(16),
        Target: row.IsDBNull(17) ? null : row.GetString(17),
        SecretName: row.IsDBNull(18) ? null : row.GetString(18));
}
