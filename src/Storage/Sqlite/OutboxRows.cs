using Microsoft.Data.Sqlite;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>Maps outbox rows (in <see cref="OutboxSql"/> column order) to and from messages.</summary>
internal static class OutboxRows
{
    public static void Bind(SqliteCommand command, OutboxMessage m)
    {
        var p = command.Parameters;
        p.AddWithValue("$tenant", m.TenantId);
        p.AddWithValue("$delivery", m.DeliveryId);
        p.AddWithValue("$channel", m.Channel);
        p.AddWithValue("$persona", m.PersonaId);
        p.AddWithValue("$customer", (object?)m.CustomerId ?? DBNull.Value);
        p.AddWithValue("$group", (object?)m.GroupId ?? DBNull.Value);
        p.AddWithValue("$agent", (object?)m.AgentId ?? DBNull.Value);
        p.AddWithValue("$kind", m.Kind);
        p.AddWithValue("$text", m.Text);
        p.AddWithValue("$created", m.CreatedAt.UtcTicks);
        p.AddWithValue("$status", m.Status);
        p.AddWithValue("$sent", m.SentAt is { } sent ? sent.UtcTicks : DBNull.Value);
        p.AddWithValue("$attempts", m.Attempts);
        p.AddWithValue("$next", m.NextAttemptAt is { } next ? next.UtcTicks : DBNull.Value);
        p.AddWithValue("$error", (object?)m.LastError ?? DBNull.Value);
        p.AddWithValue("$target", (object?)m.Target ?? DBNull.Value);
        p.AddWithValue("$secret", (object?)m.SecretName ?? DBNull.Value);
    }

    public static async Task<IReadOnlyList<OutboxMessage>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            messages.Add(Read(reader));
        return messages;
    }

    /// <summary>The rows, read synchronously (the outbox writer's own thread).</summary>
    public static IReadOnlyList<OutboxMessage> ReadAll(SqliteCommand command)
    {
        var messages = new List<OutboxMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            messages.Add(Read(reader));
        return messages;
    }

    private static OutboxMessage Read(SqliteDataReader row) => new(
        DeliveryId: row.GetString(1),
        TenantId: row.GetString(0),
        Channel: row.GetString(2),
        PersonaId: row.GetString(3),
        CustomerId: row.IsDBNull(4) ? null : row.GetString(4),
        GroupId: row.IsDBNull(5) ? null : row.GetString(5),
        AgentId: row.IsDBNull(6) ? null : row.GetString(6),
        Kind: row.GetString(7),
        Text: row.GetString(8),
        CreatedAt: new DateTimeOffset(row.GetInt64(9), TimeSpan.Zero),
        Status: row.GetString(10),
        SentAt: row.IsDBNull(11) ? null : new DateTimeOffset(row.GetInt64(11), TimeSpan.Zero),
        Attempts: row.GetInt32(12),
        NextAttemptAt: row.IsDBNull(13) ? null : new DateTimeOffset(row.GetInt64(13), TimeSpan.Zero),
        LastError: row.IsDBNull(14) ? null : row.GetString(14),
        Target: row.IsDBNull(15) ? null : row.GetString(15),
        SecretName: row.IsDBNull(16) ? null : row.GetString(16));
}
