using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Stands in for WeCom where it cannot be reached: accepts every message and logs it (at debug level), except the
/// share of attempts that <see cref="SimulatedChannelFaults"/> turns into transient "slow down" errors. It keeps
/// nothing: what "went out" is the outbox's record (rows marked sent), exactly as with a real channel, and a fault is
/// decided from the delivery id and attempt alone, so the simulation costs no memory per message however long the
/// engine runs.
/// </summary>
public sealed class SimulatedChannelAdapter(string channel, ILogger<SimulatedChannelAdapter> logger, SimulatedChannelFaults? faults = null)
    : IChannelAdapter
{
    public string Channel => channel;

    public Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (faults is { TransientErrorShare: > 0 } f && f.Fails(message))
        {
            logger.LogDebug("Simulated {Channel} throttling error for {DeliveryId} (attempt {Attempt})", channel, message.DeliveryId, message.Attempts + 1);
            return Task.FromResult(ChannelSendResult.Transient("simulated: api freq out of limit (45009)", f.RetryAfter));
        }
        logger.LogDebug("Simulated {Channel} send {DeliveryId} to {Customer}{Group}", channel, message.DeliveryId, message.CustomerId, message.GroupId);
        return Task.FromResult(ChannelSendResult.Success);
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
