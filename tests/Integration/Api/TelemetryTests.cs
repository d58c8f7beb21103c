using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Tests.Integration.Infrastructure;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Integration.Api;

/// <summary>The data path reports through the engine's ActivitySource and Meter (what OpenTelemetry exports).</summary>
[Collection(EngineCollection.Name)]
public sealed class TelemetryTests(EngineHost engine)
{
    [Fact]
    public async Task Ingest_and_apply_emit_activities_and_metrics()
    {
        var customer = Unique("c");
        var activities = new ConcurrentBag<Activity>();
        var measurements = new ConcurrentDictionary<string, long>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == EngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        meters.Start();

        var client = engine.Client(EngineHost.Key1);
        // This test's own trace: the engine is shared with classes running beside this one, so the process-wide
        // listener also sees their ingests of the same tenant; the request carries this trace's context.
        using var trace = new Activity("telemetry-test").Start();
        (await client.PostAsync("/api/v1/tenants/t1/events", Body(Event(Unique("e"), "customer.added", customer, persona: "p1")))).EnsureSuccessStatusCode();
        await Eventually.GetAsync(() => Task.FromResult(activities.Any(a => a.OperationName == "grain.apply")), done => done, what: "grain.apply activity");
        meters.RecordObservableInstruments();

        var ingest = Assert.Single(activities, a => a.OperationName == "ingest" && a.TraceId == trace.TraceId);
        Assert.Equal("t1", (string?)ingest.GetTagItem("pd.tenant"));
        Assert.True(measurements.GetValueOrDefault("pd.ingest.events") >= 1);
        Assert.True(measurements.GetValueOrDefault("pd.grain.applied") >= 1);
    }
}
