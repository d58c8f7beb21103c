using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PrivateDomain.Postgres;

/// <summary>
/// The PostgreSQL stores' meter and activity source, both named "PrivateDomain.Postgres". Commit-level
/// event-log metrics (events/appends per commit, commit duration, appended, duplicates, rejected) are
/// recorded on <c>PrivateDomain.Storage</c>'s instruments so dashboards read the same names for both backends.
/// </summary>
public static class PostgresTelemetry
{
    public const string Name = "PrivateDomain.Postgres";

    public static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> SlowCommits =
        Meter.CreateCounter<long>("pd.eventlog.pg.commit.rechecked", "{commit}", "Group commits that met a stored id and re-planned after looking up stored body hashes.");

    internal static readonly Counter<long> SplitCommits =
        Meter.CreateCounter<long>("pd.eventlog.pg.commit.split", "{commit}", "Group commits inserted over two connections in parallel (lower part committed first).");

    internal static readonly Histogram<double> LockWait =
        Meter.CreateHistogram<double>("pd.eventlog.pg.lock.wait", "ms", "Time a group commit waited for the cross-process writer lock.");

    internal static readonly Counter<long> RemoteAdvances =
        Meter.CreateCounter<long>("pd.eventlog.pg.head.remote_advances", "{advance}", "Times the log head moved because another process committed (NOTIFY or poll).");

    internal static readonly Counter<long> ListenerReconnects =
        Meter.CreateCounter<long>("pd.pg.listener.reconnects", "{reconnect}", "LISTEN connections re-opened after a failure.");

    internal static readonly Counter<long> OutboxEnqueued =
        Meter.CreateCounter<long>("pd.outbox.enqueued", "{message}", "Messages newly stored in the PostgreSQL outbox.");
}
