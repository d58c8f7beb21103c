using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Grains;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Journeys.Catalog;

[GenerateSerializer, Alias("pd.JourneyTriggerSweepState")]
public sealed class JourneyTriggerSweepState
{
    [Id(0)] public DateTimeOffset? StartedAt { get; set; }
    /// <summary>The last customer id whose wake-up is scheduled (the cursor into the log's customer list).</summary>
    [Id(1)] public string? After { get; set; }
    [Id(2)] public long Scheduled { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// Pages through the customers the tenant's log names and schedules each one a wake-up under the key
/// <see cref="JourneyTriggerWakeUps.Key"/>; the customer then works out its own first occurrence. The cursor is
/// persisted after every page; a wake-up of its own, a minute ahead and moved on with every page, brings the sweep
/// back if its silo dies. Scheduling is idempotent (same key, same due time), so a page redone after a crash is harmless.
/// </summary>
[GrainType(IJourneyTriggerSweepGrain.Kind)]
public sealed class JourneyTriggerSweepGrain(
    [PersistentState("journeySweep")] IPersistentState<JourneyTriggerSweepState> state,
    IEventLog log,
    IWakeUpIndex wakeUps,
    TimeProvider time,
    ILogger<JourneyTriggerSweepGrain> logger)
    : Grain, IJourneyTriggerSweepGrain
{
    public const int PageSize = 1_000;
    private const string ResumeKey = "resume";
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromMinutes(1);

    private string _tenantId = "";
    private string _entity = "";
    private string _journeyId = "";
    private int _version;
    private Task? _running;

    private JourneyTriggerSweepState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _entity) = TenantKey.Parse(this.GetPrimaryKeyString());
        (_journeyId, _version) = JourneyTriggerWakeUps.ParseEntity(_entity);
        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        if (S.StartedAt is null)
        {
            S.StartedAt = time.GetUtcNow();
            await ScheduleResumeAsync();
            await state.WriteStateAsync();
        }
        Run();
    }

    public Task WakeAsync(string key, DateTimeOffset dueAt)
    {
        Run();
        return Task.CompletedTask;
    }

    public Task<JourneyTriggerSweepView> GetAsync() => Task.FromResult(new JourneyTriggerSweepView(S.Scheduled, S.StartedAt, S.FinishedAt));

    private void Run()
    {
        if (S.StartedAt is null || S.FinishedAt is not null || _running is { IsCompleted: false }) return;
        // Runs on the grain's scheduler, interleaving with calls only at its awaits; its own wake-up covers a crash.
        _running = SweepAsync();
    }

    private async Task SweepAsync()
    {
        try
        {
            while (S.FinishedAt is null)
            {
                DelayDeactivation(ResumeAfter);
                var ids = await log.ListEntitiesAsync(_tenantId, StreamKind.Customer, S.After, PageSize);
                if (ids.Count > 0)
                {
                    var due = time.GetUtcNow();
                    await wakeUps.ScheduleAsync(ids.Select(id =>
                        new WakeUp(_tenantId, CustomerGrain.WakeUpKind, id, JourneyTriggerWakeUps.Key(_journeyId, _version), due)).ToList());
                    S.After = ids[^1];
                    S.Scheduled += ids.Count;
                }
                if (ids.Count < PageSize)
                {
                    S.FinishedAt = time.GetUtcNow();
                    await wakeUps.CancelAsync([new WakeUpKey(_tenantId, IJourneyTriggerSweepGrain.Kind, _entity, ResumeKey)]);
                    logger.LogInformation("Journey {Tenant}/{Journey} v{Version}: trigger sweep scheduled {Customers} customers",
                        _tenantId, _journeyId, _version, S.Scheduled);
                }
                else
                {
                    await ScheduleResumeAsync();
                }
                await state.WriteStateAsync();
            }
        }
        catch (Exception ex)
        {
            // Its resume wake-up (at most a minute away) runs it again from the persisted cursor.
            logger.LogWarning(ex, "Journey {Tenant}/{Journey} v{Version}: trigger sweep stopped after {Customers} customers; resuming later",
                _tenantId, _journeyId, _version, S.Scheduled);
            DeactivateOnIdle();
        }
    }

    private Task ScheduleResumeAsync() =>
        wakeUps.ScheduleAsync([new WakeUp(_tenantId, IJourneyTriggerSweepGrain.Kind, _entity, ResumeKey, time.GetUtcNow() + ResumeAfter)]);
}

/// <summary>The wake-up key a trigger sweep gives customers, and the sweep grain's entity id: both name (journey, version).</summary>
public static class JourneyTriggerWakeUps
{
    public const string Prefix = "triggers:";

    public static string Entity(string journeyId, int version) => $"{journeyId}:{version}";

    public static string Key(string journeyId, int version) => Prefix + Entity(journeyId, version);

    public static (string JourneyId, int Version) ParseEntity(string entity) =>
        TryParse(entity) ?? throw new ArgumentException($"'{entity}' is not journey:version.", nameof(entity));

    /// <summary>The (journey, version) a customer wake-up key names, when it is a sweep's.</summary>
    public static (string JourneyId, int Version)? FromKey(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) ? TryParse(key[Prefix.Length..]) : null;

    private static (string JourneyId, int Version)? TryParse(string entity)
    {
        var colon = entity.LastIndexOf(':');
        return colon > 0 && int.TryParse(entity.AsSpan(colon + 1), out var version) ? (entity[..colon], version) : null;
    }
}
