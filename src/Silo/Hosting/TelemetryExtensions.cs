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
/// console log lines always carry the trace and span ids of the activity they were written in.
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
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["Telemetry:ServiceName"] ?? "privatedomain"))
            .WithTracing(t =>
            {
                t.AddSource(Sources);
                tracing?.Invoke(t);
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Meters);
                metrics?.Invoke(m);
            });
        if (builder.Configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } endpoint)
        {
            builder.Logging.AddOpenTelemetry(o => o.IncludeScopes = true);
            otel.UseOtlpExporter(OtlpExportProtocol.HttpProtobuf, new Uri(endpoint));
        }
        return builder;
    }
}
