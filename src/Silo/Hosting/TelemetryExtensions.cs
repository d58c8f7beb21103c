using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PrivateDomain.Grains.Telemetry;

namespace PrivateDomain.Silo.Hosting;

/// <summary>
/// Traces, metrics and logs through OpenTelemetry. The OTLP exporter is on when "Telemetry:OtlpEndpoint" is set;
/// console log lines carry the trace and span ids of the activity they were written in. Traces are recorded only
/// while they go somewhere (the OTLP exporter; <c>tracing</c> adds instrumentation to that pipeline): with nobody listening the
/// engine's and Orleans' activity sources create nothing, which a profile of the journeys bench showed costing ~6 %
/// of all allocations (an activity per grain call) for traces that were thrown away. "Telemetry:TraceSampleRatio"
/// (0–1, default 1) samples root traces when exporting; children follow their parent's decision.
/// </summary>
public static class TelemetryExtensions
{
    public static readonly string[] Sources = [EngineTelemetry.Name, "PrivateDomain.Storage", "PrivateDomain.Postgres", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];
    public static readonly string[] Meters = [EngineTelemetry.Name, "PrivateDomain.Storage", "PrivateDomain.Postgres", "Microsoft.Orleans"];

    public static IHostApplicationBuilder AddEngineTelemetry(
        this IHostApplicationBuilder builder,
        Action<TracerProviderBuilder>? tracing = null,
        Action<MeterProviderBuilder>? metrics = null)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        var endpoint = builder.Configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } configured ? configured : null;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["Telemetry:ServiceName"] ?? "privatedomain"))
            .WithMetrics(m =>
            {
                m.AddMeter(Meters);
                metrics?.Invoke(m);
            });
        if (endpoint is not null)
        {
            var ratio = builder.Configuration.GetValue("Telemetry:TraceSampleRatio", 1.0);
            if (ratio is < 0 or > 1) throw new InvalidOperationException("Telemetry:TraceSampleRatio must be between 0 and 1.");
            otel.WithTracing(t =>
            {
                t.AddSource(Sources);
                t.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
                tracing?.Invoke(t);
            });
            builder.Logging.AddOpenTelemetry(o => o.IncludeScopes = true);
            otel.UseOtlpExporter(OtlpExportProtocol.HttpProtobuf, new Uri(endpoint));
        }
        return builder;
    }
}
