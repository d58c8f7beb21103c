using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.Groups.Moderation;
using PrivateDomain.Grains.State;
using PrivateDomain.Grains.Telemetry;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Grains;

/// <summary>Anti-harassment and the welcome message: the policy for each batch, decision telemetry, the welcome wake-up.</summary>
public sealed partial class GroupGrain
{
    /// <summary>The wake-up key of the open welcome window's end.</summary>
    public const string WelcomeWakeUpKey = "welcome";

    private GroupModerationContext? _moderation;
    private long _batchReceivedAt;

    /// <summary>The context of the batch being applied (the tenant's policy from the per-silo cache, read before the batch).</summary>
    private GroupModerationContext? Moderation => _moderation;

    // The policy is read before the batch (Apply is synchronous); the cache answers without a call while fresh.
    protected override async Task BeforeApplyAsync(IReadOnlyList<LoggedEvent> events)
    {
        _batchReceivedAt = Stopwatch.GetTimestamp();
        if (!events.Any(e => e.Event.Type == EventTypes.ChatMessage) && _moderation is not null) return;
        var policy = await ServiceProvider.GetRequiredService<ModerationPolicyCache>().ForTenantAsync(TenantId);
        if (!ReferenceEquals(policy, _moderation?.Policy)) _moderation = new GroupModerationContext(TenantId, policy, Decided);
    }

    private void Decided(EngineEvent e, ModerationDecision decision)
    {
        EngineTelemetry.ModerationDecision.Record(Stopwatch.GetElapsedTime(_batchReceivedAt).TotalMilliseconds);
        EngineTelemetry.ModerationDecisions.Add(1, new KeyValuePair<string, object?>("action", ModerationPolicyJson.Name(decision.Action)),
            new KeyValuePair<string, object?>("rule", decision.Rule ?? "none"));
        // The event's age at decision: ingestion → decision for producers that stamp occurredAt as they send (the bench
        // does); catch-up of old history is left out.
        var age = (time.GetUtcNow() - e.OccurredAt).TotalMilliseconds;
        if (age is >= 0 and < 60_000) EngineTelemetry.ModerationEventAge.Record(age);
    }

    private GroupModerationView ModerationView() => GroupModeration.View(S);

    private void ConfigureWelcome(string? welcomeText)
    {
        if (welcomeText is null) return;
        S.WelcomeText = welcomeText.Trim().Length == 0 ? null : welcomeText.Trim();
    }

    /// <summary>The welcome wake-up: sends the window it was scheduled for (or an older one); a later window waits for its own.</summary>
    private async Task WelcomeDueAsync(DateTimeOffset dueAt)
    {
        var effects = new List<GrainEffect>();
        if (WelcomeMessages.DueAt(S) is { } due && due <= dueAt)
            WelcomeMessages.Close(S, EntityId, due, TenantId, effects);
        await PersistAsync(effects);
    }

    /// <summary>Keeps the welcome entry of the wake-up index at the open window's end (run before each write).</summary>
    private async Task ScheduleWelcomeAsync()
    {
        var due = WelcomeMessages.DueAt(S);
        if (due == S.ScheduledWelcomeAt) return;
        if (due is { } at) await wakeUps.ScheduleAsync([new WakeUp(TenantId, WakeUpKind, EntityId, WelcomeWakeUpKey, at)]);
        else await wakeUps.CancelAsync([new WakeUpKey(TenantId, WakeUpKind, EntityId, WelcomeWakeUpKey)]);
        S.ScheduledWelcomeAt = due;
    }
}
