using Microsoft.Extensions.Logging;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Catalog;

/// <summary>
/// One journey's catalog: applies <see cref="JourneyCatalogRules"/>, persists, then tells the tenant's directory.
/// The journey is the truth and the directory a copy: a directory update that fails does not undo the command; it is
/// retried on a timer and on every later call, until the directory holds this journey's current entry.
/// </summary>
public sealed class JourneyGrain(
    [PersistentState("journey")] IPersistentState<JourneyCatalog> state,
    TimeProvider time,
    ILogger<JourneyGrain> logger)
    : Grain, IJourneyGrain
{
    private static readonly TimeSpan DirectoryRetry = TimeSpan.FromSeconds(10);
    private string _tenantId = "";
    private string _journeyId = "";
    private JourneyDirectoryEntry? _listed;
    private IGrainTimer? _retry;

    private bool Exists => state.RecordExists;

    private JourneyCatalog Catalog => Exists ? state.State : JourneyCatalogRules.Create(_journeyId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _journeyId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<JourneyView> GetAsync()
    {
        await SyncDirectoryAsync();
        return JourneyViews.View(_tenantId, Catalog, Exists);
    }

    public Task<JourneyCommandResult> SaveDraftAsync(string json) => ApplyAsync((c, now) => JourneyCatalogRules.SaveDraft(c, json, now), creates: true);

    public Task<JourneyCommandResult> DiscardDraftAsync() => ApplyAsync(JourneyCatalogRules.DiscardDraft);

    public Task<JourneyCommandResult> PublishAsync() => ApplyAsync(JourneyCatalogRules.Publish, sweeps: true);

    public Task<JourneyCommandResult> PauseAsync() => ApplyAsync(JourneyCatalogRules.Pause);

    public Task<JourneyCommandResult> ResumeAsync() => ApplyAsync(JourneyCatalogRules.Resume, sweeps: true);

    public Task<JourneyCommandResult> ArchiveAsync() => ApplyAsync(JourneyCatalogRules.Archive);

    public Task<JourneyVersionDocument?> GetVersionAsync(int version) => Task.FromResult(
        Exists && Catalog.Version(version) is { } v ? new JourneyVersionDocument(v.Version, v.PublishedAt, v.Json) : null);

    private async Task<JourneyCommandResult> ApplyAsync(
        Func<JourneyCatalog, DateTimeOffset, CatalogResult> command, bool creates = false, bool sweeps = false)
    {
        if (!Exists && !creates) return JourneyViews.NotFound(_tenantId, _journeyId);
        var result = command(Catalog, time.GetUtcNow());
        if (result.IsOk)
        {
            state.State = result.Catalog;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Memory is ahead of storage: reload on the next call.
                DeactivateOnIdle();
                throw;
            }
        }
        await SyncDirectoryAsync();
        if (result.IsOk && sweeps) await StartTriggerSweepAsync();
        return JourneyViews.Result(_tenantId, result, Exists);
    }

    /// <summary>
    /// A journey entered over time (date, schedule, segment) needs every existing customer to work out its first
    /// occurrence, not only those with an event coming: the version's sweep wakes them all, once per version (a resume
    /// starts it only if it never ran). Event and tag entries need no sweep.
    /// </summary>
    private async Task StartTriggerSweepAsync()
    {
        if (state.State.EntryVersion is not { } entry
            || JourneyValidator.Validate(entry.Json).Definition?.Entry is not (DateTrigger or ScheduleTrigger or SegmentTrigger))
            return;
        await GrainFactory.GetGrain<IJourneyTriggerSweepGrain>(
            TenantKey.Compose(_tenantId, JourneyTriggerWakeUps.Entity(_journeyId, entry.Version))).StartAsync();
    }

    private async Task SyncDirectoryAsync()
    {
        if (!Exists) return;
        var entry = JourneyViews.Entry(state.State);
        if (entry == _listed) return;
        try
        {
            await GrainFactory.GetGrain<IJourneyDirectoryGrain>(_tenantId).UpdateAsync(entry);
            _listed = entry;
            _retry?.Dispose();
            _retry = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Journey {Tenant}/{Journey}: directory update failed; retrying", _tenantId, _journeyId);
            _retry ??= this.RegisterGrainTimer(SyncDirectoryAsync, new GrainTimerCreationOptions(DirectoryRetry, DirectoryRetry) { KeepAlive = true });
        }
    }
}
