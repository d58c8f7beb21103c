using Microsoft.Data.Sqlite;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>Turns rows of the events table (in <see cref="EventLogSql"/> column order) into logged events.</summary>
internal static class EventRows
{
    public static async Task<IReadOnlyList<LoggedEvent>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<LoggedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add(Read(reader));
        return events;
    }

    private static LoggedEvent Read(SqliteDataReader row) => new(
        row.GetInt64(0),
        row.GetString(1),
        new EngineEvent(
            Id: row.GetString(2),
            Type: row.GetString(3),
            CustomerId: row.IsDBNull(4) ? null : row.GetString(4),
            GroupId: row.IsDBNull(5) ? null : row.GetString(5),
            PersonaId: row.IsDBNull(6) ? null : row.GetString(6),
            OccurredAt: new DateTimeOffset(row.GetInt64(7), TimeSpan.Zero),
            DataJson: row.GetString(8)));
}
