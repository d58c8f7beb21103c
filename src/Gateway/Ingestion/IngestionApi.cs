using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;

namespace PrivateDomain.Gateway.Ingestion;

/// <summary>POST /api/v1/tenants/{tenantId}/events: validated, durable, idempotent ingestion.</summary>
public static class IngestionApi
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The acknowledgement: how many events were new and how many were resends.</summary>
    public sealed record IngestResult(int Accepted, int Duplicates);

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/tenants/{tenantId}/events", IngestAsync)
            .AddEndpointFilter<TenantKeyFilter>()
            .WithName("IngestEvents")
            .WithSummary("Ingest a batch of chat and behaviour events; answers once they are durable.")
            .Accepts<object[]>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Accepted<IngestResult>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        string tenantId, HttpRequest request, IEventLog log, DeliveryLagMonitor delivery, TimeProvider time, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = EngineTelemetry.Source.StartActivity("ingest");
        activity?.SetTag("pd.tenant", tenantId);
        if (request.ContentType is not { } ct0 || !ct0.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Reject(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the events as application/json.");
        if (request.ContentLength > MaxBodyBytes) return TooLarge();
        var body = await ReadLimitedAsync(request.Body, ct);
        if (body is null) return TooLarge();

        var parsed = EventBatchParser.Parse(body, time.GetUtcNow());
        if (parsed.TooMany) return TooLarge();
        if (!parsed.IsValid)
        {
            EngineTelemetry.BatchesRejected.Add(1, new KeyValuePair<string, object?>("reason", "invalid"));
            return TypedResults.ValidationProblem(parsed.Errors, "Each listed event is invalid; nothing from this batch was applied.",
                title: "Invalid events");
        }
        activity?.SetTag("pd.events", parsed.Events.Count);
        if (delivery.IsBehind)
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(DeliveryLagMonitor.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Reject(StatusCodes.Status503ServiceUnavailable, "Ingestion is behind",
                $"Grains are {delivery.Lag:N0} events behind the log; retry shortly. Nothing from this batch was applied.", "lagging");
        }
        AppendResult result;
        try
        {
            result = await log.AppendAsync(tenantId, parsed.Events, ct);
        }
        catch (EventLogOverloadedException ex)
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(ex.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Reject(StatusCodes.Status503ServiceUnavailable, "Ingestion is behind", ex.Message, "overloaded");
        }
        if (result.Outcome == AppendOutcome.Conflict)
        {
            var ids = string.Join(", ", result.ConflictingIndexes.Select(i => $"[{i}] {parsed.Events[i].Id}"));
            return Reject(StatusCodes.Status409Conflict, "Event id reused with a different body",
                $"These event ids were already accepted with different content: {ids}. Nothing from this batch was applied.", "conflict");
        }
        EngineTelemetry.EventsIngested.Add(result.Accepted);
        EngineTelemetry.EventsDuplicate.Add(result.Duplicates);
        EngineTelemetry.IngestDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return TypedResults.Accepted((string?)null, new IngestResult(result.Accepted, result.Duplicates));
    }

    private static ProblemHttpResult TooLarge() => Reject(StatusCodes.Status413PayloadTooLarge, "Batch too large",
        $"A batch holds at most {EventBatchParser.MaxEvents} events and {MaxBodyBytes / 1024} KiB.", "oversize");

    private static ProblemHttpResult Reject(int status, string title, string detail, string reason = "media")
    {
        EngineTelemetry.BatchesRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
    }

    /// <summary>Reads the body, or returns null as soon as it exceeds the limit (chunked bodies have no length).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
