using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Stands in for WeCom where it cannot be reached: accepts every message and logs it (at debug level), except the
/// share of attempts that <see cref="SimulatedChannelFaults"/> turns into transient "slow down" errors. It keeps
/// nothing: what "went out" is the outbox's record (rows marked sent), exactly as with a real channel, and a fault is
/// decided from the delivery id and attempt alone, so the simulation costs no memory per message however long the
/// engine runs. Only when <see cref="SimulatedChannelFaults.SendLog"/> names a file (off by default; for restart tests)
/// is every successful send appended to it as one line, its delivery id, before the outbox records the send.
/// </summary>
public sealed class SimulatedChannelAdapter(string channel, ILogger<SimulatedChannelAdapter> logger, SimulatedChannelFaults? faults = null)
    : IChannelAdapter
{
    private readonly SemaphoreSlim _sendLogGate = new(1, 1);

    public string Channel => channel;

    public async Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (faults is { TransientErrorShare: > 0 } f && f.Fails(message))
        {
            logger.LogDebug("Simulated {Channel} throttling error for {DeliveryId} (attempt {Attempt})", channel, message.DeliveryId, message.Attempts + 1);
            return ChannelSendResult.Transient("simulated: api freq out of limit (45009)", f.RetryAfter);
        }
        logger.LogDebug("Simulated {Channel} send {DeliveryId} to {Customer}{Group}", channel, message.DeliveryId, message.CustomerId, message.GroupId);
        if (faults?.SendLog is { Length: > 0 } path) await AppendSendLogAsync(path, message.DeliveryId, cancellationToken);
        return ChannelSendResult.Success;
    }

    /// <summary>
    /// One line per send, written through to the OS before the send counts as done, so it survives the process being
    /// killed (not the machine crashing: there is no fsync). Appends are serialised, as the lane may send in parallel.
    /// </summary>
    private async Task AppendSendLogAsync(string path, string deliveryId, CancellationToken cancellationToken)
    {
        await _sendLogGate.WaitAsync(cancellationToken);
        try
        {
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1, useAsync: true);
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(deliveryId + "\n"), CancellationToken.None);
            await file.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _sendLogGate.Release();
        }
    }
}

/// <summary>
/// Errors the simulated channel makes up, to show the outbox's retries and rate adaptation. Section "Outbox:Simulated".
/// </summary>
public sealed class SimulatedChannelFaults
{
    /// <summary>The share of attempts, 0 to 1, answered with a transient "too many calls" error.</summary>
    public double TransientErrorShare { get; set; }

    /// <summary>The "retry after" hint those errors carry; none when null.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Changes which attempts fail, for another run with the same messages.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// A file every successful simulated send is appended to (one delivery id a line), for tests that count sends
    /// across process restarts; null (the default): no log.
    /// </summary>
    public string? SendLog { get; set; }

    public bool IsValid() => TransientErrorShare is >= 0 and <= 1 && (RetryAfter is null || RetryAfter > TimeSpan.Zero);

    /// <summary>Whether this attempt fails: a stable hash of (seed, tenant, delivery id, attempt) under the share.</summary>
    public bool Fails(OutboxMessage message)
    {
        var hash = 2166136261u ^ (uint)Seed;
        foreach (var c in message.TenantId) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ '/') * 16777619u;
        foreach (var c in message.DeliveryId) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ (uint)message.Attempts) * 16777619u;
        // FNV's low bits mix poorly: finish with an avalanche before taking the share.
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        hash ^= hash >> 16;
        return hash / (double)uint.MaxValue < TransientErrorShare;
    }
}
