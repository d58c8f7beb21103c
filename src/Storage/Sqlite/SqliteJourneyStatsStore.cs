using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;

namespace PrivateDomain.Storage.Sqlite;

/// <summary>
/// Journey stats in their own file, <c>journeystats.db</c>, behind one group-committing writer (the same loop as the
/// wake-up index): every update waiting is counted in one transaction with synchronous=FULL, so an update acknowledged
/// to the customer grain (which then forgets it) survives a power loss.
/// </summary>
public sealed class SqliteJourneyStatsStore : IJourneyStatsStore, IDisposable
{
    public const string FileName = "journeystats.db";

    private readonly SqliteDatabase _database;
    private readonly SqliteWriteLoop<Statements> _writer;
    private readonly TimeProvider _time;

    public SqliteJourneyStatsStore(IOptions<StorageOptions> options, TimeProvider? time = null, ILogger<SqliteJourneyStatsStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? TimeProvider.System;
        _database = new SqliteDatabase(SqliteFiles.PathOf(options.Value, FileName), SqliteDurability.Full);
        _database.EnsureSchema(JourneyStatsSql.SchemaVersion, JourneyStatsSql.Schema);
        _writer = new SqliteWriteLoop<Statements>(_database, c => new Statements(c), "journey-stats-writer", (ILogger?)logger ?? NullLogger.Instance);
    }

    public Task<bool> ApplyAsync(string tenantId, string journeyId, JourneyStatsUpdate update, CancellationToken cancellationToken = default)
    {
        JourneyStatsArguments.Check(tenantId, journeyId, update);
        var write = new JourneyStatsWrite(tenantId, journeyId, update);
        var at = _time.GetUtcNow().UtcTicks;
        return _writer.RunAsync(Math.Max(1, update.Deltas.Count), s => s.Apply(write, at), cancellationToken);
    }

    public async Task<IReadOnlyList<JourneyStatsRow>> ReadAsync(string tenantId, string journeyId, CancellationToken cancellationToken = default)
    {
        JourneyStatsArguments.Check(tenantId, journeyId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = JourneyStatsSql.Read;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$journey", journeyId);
        var rows = new List<JourneyStatsRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new JourneyStatsRow(reader.GetInt32(0), reader.GetString(1), (JourneyStatKind)reader.GetInt32(2), reader.GetString(3),
                reader.GetInt64(4), new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
        return rows;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The writer's prepared statements. Each update is planned alone: the writer runs calls in order in one transaction.</summary>
    private sealed class Statements : ISqliteStatements
    {
        private readonly SqliteCommand _select, _upsertSeq, _add;

        public Statements(SqliteConnection connection)
        {
            _select = SqliteStatements.Prepare(connection, JourneyStatsSql.SelectSeq, "$tenant", "$journey", "$customer");
            _upsertSeq = SqliteStatements.Prepare(connection, JourneyStatsSql.UpsertSeq, "$tenant", "$journey", "$customer", "$seq");
            _add = SqliteStatements.Prepare(connection, JourneyStatsSql.AddCounter, "$tenant", "$journey", "$version", "$step", "$kind", "$reason", "$amount", "$at");
        }

        public void Begin(SqliteTransaction transaction)
        {
            foreach (var command in new[] { _select, _upsertSeq, _add })
                command.Transaction = transaction;
        }

        public bool Apply(JourneyStatsWrite write, long at)
        {
            var key = write.Key;
            Bind(_select, key.TenantId, key.JourneyId, key.CustomerId);
            var stored = new Dictionary<JourneyStatsCustomerKey, long>();
            if (_select.ExecuteScalar() is long seq) stored[key] = seq;
            var plan = JourneyStatsPlan.Make([write], stored);
            if (!plan.Counted[0]) return false;
            foreach (var (k, value) in plan.Sequences)
            {
                Bind(_upsertSeq, k.TenantId, k.JourneyId, k.CustomerId);
                _upsertSeq.Parameters[3].Value = value;
                _upsertSeq.ExecuteNonQuery();
            }
            foreach (var (c, amount) in plan.Counters)
            {
                Bind(_add, c.TenantId, c.JourneyId, c.Version);
                _add.Parameters[3].Value = c.StepId;
                _add.Parameters[4].Value = (int)c.Kind;
                _add.Parameters[5].Value = c.Reason;
                _add.Parameters[6].Value = amount;
                _add.Parameters[7].Value = at;
                _add.ExecuteNonQuery();
            }
            return true;
        }

        private static void Bind(SqliteCommand command, object a, object b, object c)
        {
            command.Parameters[0].Value = a;
            command.Parameters[1].Value = b;
            command.Parameters[2].Value = c;
        }

        public void Dispose()
        {
            _select.Dispose();
            _upsertSeq.Dispose();
            _add.Dispose();
        }
    }
}
