using Npgsql;
using PrivateDomain.Contracts;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>Turns pd_events rows (in <see cref="PgEventSql"/> column order) into logged events.</summary>
internal static class EventRows
{
    public static async Task<IReadOnlyList<LoggedEvent>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<LoggedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add(Read(reader));
        return events;
    }

    private static LoggedEvent Read(NpgsqlDataReader row) => new(
        row.GetInt64(0),
        row.GetString(1),
        new EngineEvent(
            Id: row.GetString(2),
            Type: row.GetString(3),
            CustomerId: row.IsDBNull(4) ? null : row.GetString(4),
            GroupId: row.IsDBNull(5) ? null : row.GetString(5),
            PersonaId: row.IsDBNull(6) ? null : row.GetString(6),
            OccurredAt: PgTime.Join(row.GetFieldValue<DateTime>(7), row.GetInt16(8)),
            DataJson: row.GetString(9)));
}
