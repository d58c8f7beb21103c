using System.Diagnostics.Metrics;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>Listens to the storage meter's commit-duration histogram to report the mean time of a commit.</summary>
internal sealed class CommitMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _totalMs;
    private long _count;

    public CommitMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageTelemetry.Name && instrument.Name == "pd.eventlog.commit.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, ms, _, _) =>
        {
            lock (_listener)
            {
                _count++;
                _totalMs += ms;
            }
        });
        _listener.Start();
    }

    /// <summary>Forgets what was measured so far (to measure one phase).</summary>
    public void Reset()
    {
        lock (_listener)
        {
            _totalMs = 0;
            _count = 0;
        }
    }

    public double MeanCommitMs
    {
        get
        {
            lock (_listener) return _count == 0 ? 0 : _totalMs / _count;
        }
    }

    public void Dispose() => _listener.Dispose();
}
