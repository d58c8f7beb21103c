using PrivateDomain.Testing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PrivateDomain.Bench;

/// <summary>
/// Baseline B3: pgbench replaying the engine's insert into its own pd_events table (same columns, indexes,
/// unique key and ON CONFLICT clause; rows shaped like the bench events: 64 interleaved producers' ids,
/// 5,000 customers, a group on every fourth, 8 personas), one multi-row INSERT per transaction, from
/// several clients. Sequences come from a PostgreSQL sequence: no writers' lock, no ordering, no hashing,
/// no dedupe look-ups, no client-side rows — what PostgreSQL itself takes for these rows on this machine.
/// </summary>
internal sealed partial class PgBenchBaseline(ThrowawayPostgres server, string database, string connectionString, int clients, int threads)
{
    private double _rows;
    private double _seconds;

    public long Transactions { get; private set; }

    public int RowsPerTransaction { get; private set; }

    public double RowsPerSecond => _seconds == 0 ? 0 : _rows / _seconds;

    /// <summary>Runs pgbench for <paramref name="seconds"/> at <paramref name="rowsPerTransaction"/> and adds up its figures.</summary>
    public async Task RunSliceAsync(int rowsPerTransaction, int seconds)
    {
        await PgEventLogScenario.ExecuteAsync(connectionString, "CREATE SEQUENCE IF NOT EXISTS pd_bench_seq");
        var script = Path.Combine(server.Root, $"{database}.sql");
        await File.WriteAllTextAsync(script, Script(rowsPerTransaction));
        var output = await server.ToolAsync("pgbench", "-n", "-f", script,
            "-c", Invariant(clients), "-j", Invariant(threads), "-T", Invariant(seconds),
            "-h", "127.0.0.1", "-p", Invariant(server.Port), "-U", "postgres", database);
        var tps = Tps().Match(output);
        var count = Processed().Match(output);
        if (!tps.Success || !count.Success)
            throw new InvalidOperationException("pgbench printed no figures:\n" + output);
        var transactionsPerSecond = double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
        Transactions += long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
        RowsPerTransaction = rowsPerTransaction;
        _rows += transactionsPerSecond * rowsPerTransaction * seconds;
        _seconds += seconds;
    }

    /// <summary>One transaction: one multi-row INSERT of the batch, as the engine's group commit issues it.</summary>
    private static string Script(int rows) => $$"""
        INSERT INTO pd_events (seq, tenant_id, event_id, type, customer_id, group_id, persona_id, occurred_at, occurred_at_ticks, data_json, body_hash)
        SELECT s, 'bench', 'p' || (s % 64) || '-e' || (s / 64), 'chat.message', 'c' || (((s % 64) * 7919 + s / 64) % 5000), CASE WHEN (s / 64) % 4 = 0 THEN 'g' || ((s / 64) % 50) END, 'persona' || (s % 8), timestamptz '2025-03-01' + (s / 64) * interval '1 ms', 0, '{"text":"hello from customer, message ' || (s / 64) || '","channel":"wecom"}', '\x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'::bytea FROM (SELECT nextval('pd_bench_seq') AS s FROM generate_series(1, {{rows}})) AS g ON CONFLICT (tenant_id, event_id) DO NOTHING;

        """;

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex Processed();
}
