using Npgsql;
using NpgsqlTypes;
using PrivateDomain.Contracts;

namespace PrivateDomain.Postgres.Outbox;

/// <summary>Maps pd_outbox rows (in <see cref="PgOutboxSql"/> column order) to and from messages.</summary>
internal static class PgOutboxRows
{
    public static void Bind(NpgsqlCommand command, OutboxMessage m)
    {
        var p = command.Parameters;
        p.Add(Text(m.TenantId));
        p.Add(Text(m.DeliveryId));
        p.Add(Text(m.Channel));
        p.Add(Text(m.PersonaId));
        p.Add(Text(m.CustomerId));
        p.Add(Text(m.GroupId));
        p.Add(Text(m.AgentId));
        p.Add(Text(m.Kind));
        p.Add(Text(m.Text));
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = PgTime.Microseconds(m.CreatedAt) });
        p.Add(new NpgsqlParameter<short> { TypedValue = PgTime.SubMicrosecondTicks(m.CreatedAt) });
        p.Add(Text(m.Status));
        p.Add(m.SentAt is { } sent
            ? new NpgsqlParameter<DateTime> { TypedValue = PgTime.Microseconds(sent) }
            : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DBNull.Value });
        p.Add(m.SentAt is { } sentTicks
            ? new NpgsqlParameter<short> { TypedValue = PgTime.SubMicrosecondTicks(sentTicks) }
            : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Smallint, Value = DBNull.Value });
        p.Add(new NpgsqlParameter<int> { TypedValue = m.Attempts });
        p.Add(Time(m.NextAttemptAt));
        p.Add(Text(m.LastError));
        p.Add(Text(m.Target));
        p.Add(Text(m.SecretName));
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
