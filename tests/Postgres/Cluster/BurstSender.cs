using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>
/// Posts batches as an at-least-once producer does: several in flight, each to one gateway and, until it is answered
/// 202, again with the same ids and bodies to the next gateway after a timeout, a connection error or a 5xx (503
/// included). Any other answer fails the test. Counts what was acknowledged and what had to be retried.
/// </summary>
public sealed class BurstSender(string tenant, IReadOnlyList<HttpClient> gateways)
{
    private readonly ConcurrentQueue<IngestBatch> _acked = new();
    private int _accepted;
    private int _duplicates;
    private int _retriedBatches;
    private int _failedAttempts;

    /// <summary>Every batch answered 202.</summary>
    public IReadOnlyCollection<IngestBatch> Acked => _acked;

    public int EventsAcked => _acked.Sum(b => b.Events.Count);

    public int Accepted => _accepted;

    /// <summary>Events a gateway reported as already in the log: a retry of a batch whose first answer was lost.</summary>
    public int Duplicates => _duplicates;

    public int RetriedBatches => _retriedBatches;

    public int FailedAttempts => _failedAttempts;

    /// <summary>Sends every batch with <paramref name="concurrency"/> in flight; <paramref name="onAcked"/> gets the count acked so far.</summary>
    public async Task SendAllAsync(IReadOnlyList<IngestBatch> batches, int concurrency, Action<int>? onAcked, CancellationToken ct)
    {
        var next = -1;
        var acked = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                await SendAsync(batches[i], route: i, ct);
                onAcked?.Invoke(Interlocked.Increment(ref acked));
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Sends one batch until it is acknowledged; the first attempt goes to gateway <paramref name="route"/> mod N.</summary>
    public async Task SendAsync(IngestBatch batch, int route, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = gateways[(route + attempt) % gateways.Count];
            try
            {
                using var content = new StringContent(batch.Body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync($"/api/v1/tenants/{tenant}/events", content, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Acknowledge(batch, JsonNode.Parse(body)!, attempt);
                    return;
                }
                if ((int)response.StatusCode < 500)
                    throw new InvalidOperationException($"{batch.Name} was answered {(int)response.StatusCode}: {body}");
            }
            catch (HttpRequestException)
            {
                // Connection refused or reset: the gateway is gone; try the next.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Timed out: the batch may or may not be in the log; the resend tells.
            }
            Interlocked.Increment(ref _failedAttempts);
            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt + 1, 10)), ct);
        }
    }

    private void Acknowledge(IngestBatch batch, JsonNode ack, int attempt)
    {
        var accepted = (int)ack["accepted"]!;
        var duplicates = (int)ack["duplicates"]!;
        if (accepted + duplicates != batch.Events.Count)
            throw new InvalidOperationException($"{batch.Name}: {accepted} accepted + {duplicates} duplicates for {batch.Events.Count} events");
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        if (attempt > 0) Interlocked.Increment(ref _retriedBatches);
        _acked.Enqueue(batch);
    }
}
