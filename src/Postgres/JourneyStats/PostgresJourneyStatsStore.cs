using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivateDomain.Contracts;
using PrivateDomain.Storage;

namespace PrivateDomain.Postgres.JourneyStats;

/// <summary>
/// Journey stats in PostgreSQL. One loop per process takes every update waiting and counts them in one transaction:
/// create the missing per-customer sequence rows, lock them all in key order (so two silos counting the same customer,
/// say a redelivery racing its original, serialise and the second sees the first's sequence), plan in memory
/// (<see cref="JourneyStatsPlan"/>), move the sequences and add to the counters.
/// </summary>
public sealed class PostgresJourneyStatsStore : IJourneyStatsStore, IAsyncDisposable
{
    private const int MaxUpdatesPerCommit = 2_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaGate _schema;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public PostgresJourneyStatsStore(IOptions<PostgresOptions> options, PostgresSchemaGate schema, TimeProvider time, ILogger<PostgresJourneyStatsStore> logger)
        : this(options.Value, schema, time, logger)
    {
    }

    internal PostgresJourneyStatsStore(PostgresOptions settings, PostgresSchemaGate schema, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _schema = schema;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _loop = Task.Run(LoopAsync);
    }

    public Task<bool> ApplyAsync(string tenantId, string journeyId, JourneyStatsUpdate update, CancellationToken cancellationToken = default)
    {
        JourneyStatsArguments.Check(tenantId, journeyId, update);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new Request(new JourneyStatsWrite(tenantId, journeyId, update));
        if (!_requests.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(PostgresJourneyStatsStore));
        // Once queued the update commits whatever the caller does; the caller may stop waiting for it.
        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JourneyStatsRow>> ReadAsync(string tenantId, string journeyId, CancellationToken cancellationToken = default)
    {
        JourneyStatsArguments.Check(tenantId, journeyId);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(PgJourneyStatsSql.Read);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = journeyId });
        var rows = new List<JourneyStatsRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new JourneyStatsRow(reader.GetInt32(0), reader.GetString(1), (JourneyStatKind)reader.GetInt16(2), reader.GetString(3),
                reader.GetInt64(4), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc))));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Request>();
        while (await _requests.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxUpdatesPerCommit && _requests.Reader.TryRead(out var request)) batch.Add(request);
            try
            {
                var counted = await CommitAsync(batch.Select(r => r.Write).ToList()).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(counted[i]);
            }
            catch (Exception ex)
            {
                PostgresLog.JourneyStatsCommitFailed(_logger, ex, batch.Count);
                foreach (var request in batch) request.Completion.TrySetException(ex);
            }
        }
    }

    private async Task<IReadOnlyList<bool>> CommitAsync(IReadOnlyList<JourneyStatsWrite> writes)
    {
        await _schema.EnsureAsync(CancellationToken.None).ConfigureAwait(false);
        var keys = JourneyStatsPlan.Keys(writes);
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(PgJourneyStatsSql.Create, connection, transaction))
        {
            AddKeys(create, keys);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        var stored = new Dictionary<JourneyStatsCustomerKey, long>(keys.Count);
        await using (var lockRows = new NpgsqlCommand(PgJourneyStatsSql.Lock, connection, transaction))
        {
            AddKeys(lockRows, keys);
            await using var reader = await lockRows.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
                stored[new JourneyStatsCustomerKey(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = reader.GetInt64(3);
        }
        var plan = JourneyStatsPlan.Make(writes, stored);
        if (plan.Sequences.Count > 0)
        {
            await using var set = new NpgsqlCommand(PgJourneyStatsSql.SetSequences, connection, transaction);
            AddKeys(set, plan.Sequences.Select(s => s.Key).ToList());
            set.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = plan.Sequences.Select(s => s.Value).ToArray() });
            await set.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        if (plan.Counters.Count > 0)
        {
            var c = plan.Counters;
            await using var add = new NpgsqlCommand(PgJourneyStatsSql.AddCounters, connection, transaction);
            add.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = c.Select(x => x.Key.TenantId).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = c.Select(x => x.Key.JourneyId).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = c.Select(x => x.Key.Version).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = c.Select(x => x.Key.StepId).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = c.Select(x => (short)x.Key.Kind).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = c.Select(x => x.Key.Reason).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = c.Select(x => x.Value).ToArray() });
            add.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = _time.GetUtcNow().UtcDateTime });
            await add.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return plan.Counted;
    }

    private static void AddKeys(NpgsqlCommand command, IReadOnlyList<JourneyStatsCustomerKey> keys)
    {
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.TenantId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.JourneyId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.Select(k => k.CustomerId).ToArray() });
    }

    private sealed record Request(JourneyStatsWrite Write)
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
