using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using PrivateDomain.Gateway.Ingestion;
using PrivateDomain.Silo.Streams;
using PrivateDomain.Storage;

namespace PrivateDomain.Bench;

/// <summary>HTTP ingestion load shared by the scenarios: open loop at a fixed rate, and waiting for delivery.</summary>
internal static class HttpLoad
{
    internal sealed record LoadResult(long Events, int Errors, TimeSpan Elapsed, Latencies Acks);

    public static Task<LoadResult> OpenLoopAsync(HttpClient http, string tenant, IngestEvents gen, double rate, int batch, double seconds) =>
        OpenLoopAsync(rate, batch, seconds, (_, _, _) => gen.Next(batch), body => PostAsync(http, tenant, body));

    /// <summary>
    /// Open loop: batch n is due at start + n·batch/rate whatever the server does, so queueing cannot hide; its ack latency
    /// is measured from that intended instant. <paramref name="bodyFor"/> gets (n, due, start) in Stopwatch ticks.
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(double rate, int batch, double seconds,
        Func<long, long, long, string> bodyFor, Func<string, Task<HttpStatusCode>> post)
    {
        var interval = batch / rate * Stopwatch.Frequency;
        var acks = new ConcurrentBag<long>();
        var inFlight = new List<Task>();
        long events = 0;
        var errors = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        for (var n = 0L; ; n++)
        {
            var due = start + (long)(n * interval);
            if (due >= end) break;
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            var body = bodyFor(n, due, start);
            inFlight.Add(Task.Run(async () =>
            {
                var status = await post(body);
                acks.Add(Stopwatch.GetTimestamp() - due);
                if (status == HttpStatusCode.Accepted) Interlocked.Add(ref events, batch); else Interlocked.Increment(ref errors);
            }));
        }
        await Task.WhenAll(inFlight);
        return new LoadResult(events, errors, Stopwatch.GetElapsedTime(start), new Latencies(acks));
    }

    public static async Task<HttpStatusCode> PostAsync(HttpClient http, string tenant, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/api/v1/tenants/{tenant}/events", content);
        return response.StatusCode;
    }

    /// <summary>
    /// An embedded producer's post: the ingestion endpoint's validation (<see cref="EventBatchParser"/>) and durable
    /// append, without HTTP; answers as the endpoint would (202, 400, 409).
    /// </summary>
    public static async Task<HttpStatusCode> AppendInProcessAsync(IEventLog log, string tenant, string body)
    {
        var parsed = EventBatchParser.Parse(Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow);
        if (!parsed.IsValid) return HttpStatusCode.BadRequest;
        var result = await log.AppendAsync(tenant, parsed.Events, CancellationToken.None);
        return result.Outcome == AppendOutcome.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.Accepted;
    }

    public static async Task<TimeSpan> DrainAsync(IEventLog log, int queues)
    {
        var started = Stopwatch.GetTimestamp();
        while (await StreamCheckpoints.DeliveredThroughAsync(log, queues) < log.LastSequence) await Task.Delay(5);
        return Stopwatch.GetElapsedTime(started);
    }
}

/// <summary>Event batches as JSON: chat messages carry the creation timestamp for push timing.</summary>
internal sealed class IngestEvents(int customers, double chatShare, string run, string persona = IngestScenario.Persona)
{
    private readonly Random _rng = new(20261122);
    private long _n;

    public long Chats { get; private set; }

    public string Added(int from, int count) => Json(Enumerable.Range(from, count).Select(i =>
        Event($"{run}-add-{i}", "customer.added", $"c{i}", persona, new { source = "bench" })));

    public string Next(int count) => Json(Enumerable.Range(0, count).Select(_ =>
    {
        var id = $"{run}-{_n++}";
        var customer = $"c{_rng.Next(customers)}";
        if (_rng.NextDouble() >= chatShare) return Event(id, "behavior.page_view", customer, null, new { title = "bench" });
        Chats++;
        return Event(id, "chat.message", customer, persona, new { text = BenchConsoles.Stamp() + " 你好" });
    }));

    private static Dictionary<string, object?> Event(string id, string type, string customer, string? persona, object data) => new()
    {
        ["id"] = id, ["type"] = type, ["customerId"] = customer, ["personaId"] = persona,
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"), ["data"] = data,
    };

    private static string Json(IEnumerable<Dictionary<string, object?>> events) => JsonSerializer.Serialize(events);
}
