using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Journeys.Hosting;

namespace PrivateDomain.Grains.Groups;

/// <summary>
/// One live-code pool. Routing runs here, one request at a time, so two newcomers never take the same last seat.
/// Member counts are pulled from the group grains at most once per <see cref="GroupPoolOptions.OccupancyRefresh"/>
/// (groups know nothing of pools, and a burst of joins costs the pool nothing); seats it reserves count at once.
/// </summary>
public sealed class LiveCodePoolGrain(
    [PersistentState("pool")] IPersistentState<PoolState> state,
    IGroupChannel channel,
    IOptions<GroupPoolOptions> options,
    TimeProvider time,
    ILogger<LiveCodePoolGrain> logger)
    : Grain, ILiveCodePoolGrain
{
    private string _tenantId = "";
    private string _poolId = "";
    private long? _refreshedAt;
    /// <summary>Customer → the pool group they were a member of at the last refresh.</summary>
    private readonly Dictionary<string, string> _memberOf = new(StringComparer.Ordinal);

    private PoolState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _poolId) = TenantKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<GroupPoolView> ConfigureAsync(GroupPoolSettings settings)
    {
        S.Settings = settings;
        PoolRouter.Log(S, time.GetUtcNow(), "configured", null, null, $"Pool settings saved: {settings.Name}");
        await WriteAsync();
        return View();
    }

    public async Task<GroupPoolView?> PutGroupAsync(PoolGroupSettings g)
    {
        if (S.Settings is null) return null;
        var group = Group(g.GroupId);
        var current = await group.GetAsync();
        // The group grain enforces the cap on joins: keep it and the pool in agreement by setting it there.
        var view = await group.ConfigureAsync(new GroupSettings(g.Name ?? current.Name ?? g.GroupId,
            g.OwnerPersonaId ?? current.OwnerPersonaId ?? S.Settings.OwnerPersonaId, g.Cap ?? current.SizeCap, g.Tags));
        PoolRouter.PutGroup(S, new PoolGroup
        {
            Id = g.GroupId, Name = view.Name, Cap = view.SizeCap, Tags = g.Tags.Distinct().ToList(), OwnerPersonaId = view.OwnerPersonaId,
            InviteUrl = g.InviteUrl, Members = view.MemberCount,
        });
        Observe(view, time.GetUtcNow());
        await WriteAsync();
        return View();
    }

    public async Task<GroupPoolView> GetAsync()
    {
        if (S.Settings is null) return View();
        var refreshed = await RefreshAsync();
        if (PoolRouter.Expire(S, time.GetUtcNow()) > 0 || refreshed) await WriteAsync();
        return View();
    }

    public async Task<PoolRouting> RouteAsync(PoolRouteRequest r)
    {
        if (S.Settings is not { } settings)
        {
            logger.LogWarning("Customer {CustomerId} asked unknown pool {PoolId} of tenant {TenantId} for a group", r.CustomerId, _poolId, _tenantId);
            await ToCustomerAsync(r, PoolOutcomes.For(_poolId, null, r, PoolOutcome.NoPool, null, false, time.GetUtcNow()));
            return new PoolRouting(PoolOutcome.NoPool, null, null, null, $"No pool '{_poolId}'");
        }
        var key = PoolRouter.CauseKey(r.CustomerId, r.CauseId);
        if (!S.Decisions.TryGetValue(key, out var d))
        {
            await RefreshAsync();
            var now = time.GetUtcNow();
            PoolRouter.Expire(S, now);
            d = Decide(r, now);
            if (PoolRouter.NeedsNewGroup(d)) d = await OpenAndDecideAsync(settings, r, now);
            PoolRouter.Record(S, key, r.CustomerId, d);
            await WriteAsync();
        }
        // Recorded first, carried out after: a repeat of the request re-sends to receivers that drop repeats (the customer's timeline too).
        var routing = await CarryOutAsync(r, d);
        await ToCustomerAsync(r, PoolOutcomes.For(_poolId, settings.Name, r, d.Outcome, S.Groups.Find(g => g.Id == d.GroupId), d.AlertOwner, d.At));
        return routing;
    }

    /// <summary>
    /// The outcome on the customer's timeline. A failure fails the request, so the customer's effect retries it. The
    /// customer calls in from its effect loop, outside any request turn, so it can take the call back (only while it is
    /// deactivating does the call wait out the response timeout; the effect stays pending and retries on reactivation).
    /// </summary>
    private Task ToCustomerAsync(PoolRouteRequest r, CustomerOutcome outcome) =>
        GrainFactory.GetGrain<ICustomerGrain>(TenantKey.Compose(_tenantId, r.CustomerId)).RecordOutcomeAsync(outcome);

    private PoolDecision Decide(PoolRouteRequest r, DateTimeOffset now) =>
        PoolRouter.Decide(S, r.CustomerId, r.Tags, _memberOf.GetValueOrDefault(r.CustomerId), now, options.Value.FullAlertInterval);

    private async Task<PoolDecision> OpenAndDecideAsync(GroupPoolSettings settings, PoolRouteRequest r, DateTimeOffset now)
    {
        // Numbered by what this pool opened before, so a retry after a crash asks for the same group again.
        var n = S.GroupsOpened + 1;
        var name = $"{settings.Name} #{S.Groups.Count + 1}";
        var opened = await channel.OpenGroupAsync(
            new GroupOpenRequest(_tenantId, _poolId, $"{_poolId}:open:{n}", name, settings.OwnerPersonaId, settings.NewGroupCap), CancellationToken.None);
        var view = await Group(opened.GroupId).ConfigureAsync(new GroupSettings(name, settings.OwnerPersonaId, settings.NewGroupCap));
        S.GroupsOpened = n;
        PoolRouter.PutGroup(S, new PoolGroup
        {
            Id = opened.GroupId, Name = name, Cap = view.SizeCap, Tags = settings.NewGroupTags.ToList(), OwnerPersonaId = settings.OwnerPersonaId,
            InviteUrl = opened.InviteUrl, Members = view.MemberCount, AutoOpened = true,
        });
        PoolRouter.Log(S, now, "opened", r.CustomerId, opened.GroupId, $"Opened {opened.GroupId} ({name}): every group was full");
        logger.LogInformation("Pool {PoolId} of tenant {TenantId} opened group {GroupId}", _poolId, _tenantId, opened.GroupId);
        var d = Decide(r, now);
        return d.Outcome == PoolOutcome.Reserved
            ? d with { Outcome = PoolOutcome.Opened, Detail = $"Opened {opened.GroupId}; seat reserved for {r.CustomerId}" }
            : d with { Outcome = PoolOutcome.Full, GroupId = null, Detail = $"{r.CustomerId} not routed: the opened group {opened.GroupId} has no room" };
    }

    private async Task<PoolRouting> CarryOutAsync(PoolRouteRequest r, PoolDecision d)
    {
        var group = d.GroupId is null ? null : S.Groups.Find(g => g.Id == d.GroupId);
        string? deliveryId = null;
        if (d.Outcome is PoolOutcome.Reserved or PoolOutcome.Opened or PoolOutcome.AlreadyReserved && group is not null)
        {
            var invitation = PoolViews.Invitation(S, _tenantId, group, r, CustomerJourneyRunner.Channel, d.At);
            await GrainFactory.GetGrain<IOutboxWriterGrain>(0).EnqueueAsync(invitation);
            deliveryId = invitation.DeliveryId;
        }
        if (d.AlertOwner && S.Settings?.OwnerPersonaId is { } owner)
        {
            var text = $"Group pool {S.Settings.Name} ({_poolId}) is full: {d.Detail}. Add a group or allow auto-open.";
            await GrainFactory.GetGrain<IPersonaGrain>(TenantKey.Compose(_tenantId, owner)).PublishAsync(
                new ConsoleItem(0, ConsoleItemKinds.GroupAlert, d.At, r.CustomerId, null, owner, null, text, $"{PoolRouter.CauseKey(r.CustomerId, r.CauseId)}:pool-full"));
        }
        return new PoolRouting(d.Outcome, d.GroupId, group?.CodeId, deliveryId, d.Detail);
    }

    /// <summary>Pulls member counts when the last pull is older than the refresh interval; true when it pulled.</summary>
    private async Task<bool> RefreshAsync()
    {
        if (_refreshedAt is { } at && time.GetElapsedTime(at) < options.Value.OccupancyRefresh) return false;
        var views = await Task.WhenAll(S.Groups.Select(g => ReadGroupAsync(g.Id)));
        var now = time.GetUtcNow();
        _memberOf.Clear();
        foreach (var view in views.OfType<GroupView>()) Observe(view, now);
        S.OccupancyAt = now;
        _refreshedAt = time.GetTimestamp();
        return true;
    }

    private void Observe(GroupView view, DateTimeOffset now)
    {
        var members = view.Members.Select(m => m.CustomerId).ToHashSet(StringComparer.Ordinal);
        PoolRouter.Observe(S, view.GroupId, view.MemberCount, view.SizeCap, members, now);
        foreach (var m in members) _memberOf.TryAdd(m, view.GroupId);
    }

    private async Task<GroupView?> ReadGroupAsync(string groupId)
    {
        try
        {
            return await Group(groupId).GetAsync();
        }
        catch (Exception ex)
        {
            // Route on the count it last reported rather than fail the newcomer.
            logger.LogWarning(ex, "Pool {PoolId} could not read group {GroupId}; keeping its last member count", _poolId, groupId);
            return null;
        }
    }

    /// <summary>A failed write leaves memory ahead of storage: drop this activation so the retry starts from what is stored.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Pool {PoolId} of tenant {TenantId} could not write its state; reloading", _poolId, _tenantId);
            DeactivateOnIdle();
            throw;
        }
    }

    private IGroupGrain Group(string groupId) => GrainFactory.GetGrain<IGroupGrain>(TenantKey.Compose(_tenantId, groupId));

    private GroupPoolView View() => PoolViews.From(S, _tenantId, _poolId);
}
