using Npgsql;
using NpgsqlTypes;

namespace PrivateDomain.Postgres.EventLog;

/// <summary>
/// One writer connection's insert: a range of a group commit's rows in one statement,
/// <c>INSERT … SELECT FROM unnest(arrays) ON CONFLICT (tenant_id, event_id) DO NOTHING</c>, plus the NOTIFY of
/// the head it commits. The arrays are bound once; each insert refills them.
/// </summary>
internal sealed class PgEventInserter : IAsyncDisposable
{
    private readonly EventRowBuffer _rows = new();
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlCommand _notify;

    private PgEventInserter(NpgsqlConnection connection)
    {
        Connection = connection;
        _insert = new NpgsqlCommand(PgEventSql.Insert, connection)
        {
            Parameters =
            {
                Array(_rows.Sequence, NpgsqlDbType.Bigint),
                Array(_rows.Tenant, NpgsqlDbType.Text),
                Array(_rows.Id, NpgsqlDbType.Text),
                Array(_rows.Type, NpgsqlDbType.Text),
                Array(_rows.Customer, NpgsqlDbType.Text),
                Array(_rows.Group, NpgsqlDbType.Text),
                Array(_rows.Persona, NpgsqlDbType.Text),
                Array(_rows.OccurredAt, NpgsqlDbType.TimestampTz),
                Array(_rows.OccurredAtTicks, NpgsqlDbType.Smallint),
                Array(_rows.Data, NpgsqlDbType.Text),
                Array(_rows.Hash, NpgsqlDbType.Bytea),
            },
        };
        _notify = new NpgsqlCommand(PgEventSql.Notify, connection) { Parameters = { new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text } } };
    }

    public NpgsqlConnection Connection { get; }

    public static async Task<PgEventInserter> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var inserter = new PgEventInserter(await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            await inserter._insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await inserter._notify.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return inserter;
        }
        catch
        {
            await inserter.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Inserts rows [start, end) of <paramref name="rows"/>; true when every one went in.</summary>
    public async Task<bool> InsertAsync(EventRowBuffer rows, int start, int end, CancellationToken cancellationToken)
    {
        _rows.Clear();
        _rows.AddRange(rows, start, end);
        return await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == _rows.Count;
    }

    /// <summary>Queues <c>NOTIFY pd_events, '<paramref name="head"/>'</c>, delivered when this transaction commits.</summary>
    public async Task NotifyAsync(long head, CancellationToken cancellationToken)
    {
        _notify.Parameters[0].Value = head.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Array<T>(List<T> values, NpgsqlDbType elementType) =>
        new NpgsqlParameter<List<T>> { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _notify.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
