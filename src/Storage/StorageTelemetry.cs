using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PrivateDomain.Storage;

/// <summary>The storage layer's meter and activity source, both named "PrivateDomain.Storage".</summary>
public static class StorageTelemetry
{
    public const string Name = "PrivateDomain.Storage";

    public static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Histogram<int> EventsPerCommit =
        Meter.CreateHistogram<int>("pd.eventlog.commit.events", "{event}", "Events written by one group commit.");

    internal static readonly Histogram<int> AppendsPerCommit =
        Meter.CreateHistogram<int>("pd.eventlog.commit.appends", "{append}", "Append requests merged into one group commit.");

    internal static readonly Histogram<int> StateWritesPerCommit =
        Meter.CreateHistogram<int>("pd.state.writes_per_commit", "{write}", "Grain-state writes merged into one SQLite transaction.");

    internal static readonly Histogram<double> StateCommitDuration =
        Meter.CreateHistogram<double>("pd.state.commit.duration", "ms", "Time to commit one batch of grain-state writes.");

    internal static readonly Histogram<double> CommitDuration =
        Meter.CreateHistogram<double>("pd.eventlog.commit.duration", "ms", "Time of one group commit, fsync included.");

    internal static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("pd.eventlog.events.appended", "{event}", "Events newly written to the log.");

    internal static readonly Counter<long> EventsDuplicate =
        Meter.CreateCounter<long>("pd.eventlog.events.duplicate", "{event}", "Resent events recognised as duplicates.");

    internal static readonly Counter<long> AppendsRejected =
        Meter.CreateCounter<long>("pd.eventlog.appends.rejected", "{append}", "Appends refused with back-pressure.");
}
