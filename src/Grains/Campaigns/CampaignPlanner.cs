using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Storage;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>
/// Turns one campaign's audience into outbox deliveries, with no I/O: send times, texts, quota claims, confirm tasks
/// and delivery ids. Delivery ids depend only on the campaign and the recipient, so planning the same recipient again
/// (after a crash) names the same row and the store places it once.
/// </summary>
public sealed class CampaignPlanner
{
    private readonly string _tenantId;
    private readonly string _campaignId;
    private readonly CampaignSpec _spec;
    private readonly CampaignOptions _options;
    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _start;
    private readonly TimeZoneInfo _tenantZone;
    private readonly TimeZoneInfo _quotaZone;
    private readonly TimeOnly? _localTime;
    private readonly Func<string?, string?> _personaName;
    private readonly string? _fixedText;

    /// <param name="now">The planning instant (scheduled campaigns are planned when their time comes).</param>
    /// <param name="tenantZoneId">The tenant's default time zone, for recipients without one.</param>
    /// <param name="personaName">A persona's display name (for <c>{{persona.name}}</c>).</param>
    public CampaignPlanner(string tenantId, string campaignId, CampaignSpec spec, CampaignOptions options, DateTimeOffset now,
        string tenantZoneId, Func<string?, string?> personaName)
    {
        _tenantId = tenantId;
        _campaignId = campaignId;
        _spec = spec;
        _options = options;
        _now = now;
        _start = spec.Schedule?.At is { } at && at > now ? at : now;
        _tenantZone = LocalTime.Zone(tenantZoneId);
        _quotaZone = LocalTime.Zone(options.QuotaTimeZone);
        _localTime = spec.Schedule?.LocalTime is { } local ? CampaignValidation.ParseLocalTime(local) : null;
        _personaName = personaName;
        Channel = ChannelOf(spec, options);
        Direct = options.IsDirect(Channel);
        _fixedText = CampaignTemplate.HasVariables(spec.Message.Template) ? null : spec.Message.Template;
    }

    public string Channel { get; }

    /// <summary>False for confirm-first channels: deliveries are held under a task until an agent confirms it.</summary>
    public bool Direct { get; }

    public static string ChannelOf(CampaignSpec spec, CampaignOptions options) =>
        string.IsNullOrEmpty(spec.Channel) ? options.DefaultChannel : spec.Channel.ToLowerInvariant();

    /// <summary>When group posts are wanted: the start, or the tenant zone's local time on or after it.</summary>
    public DateTimeOffset GroupWantedAt => SendAt(null);

    /// <summary>
    /// When a recipient's delivery goes out: the start (the scheduled instant, or now), or with a local time the first
    /// such time of day in the recipient's zone (else the tenant's) at or after the start.
    /// </summary>
    public DateTimeOffset SendAt(string? timeZoneId)
    {
        if (_localTime is not { } time) return _start;
        var zone = timeZoneId is null ? _tenantZone : LocalTime.Zone(timeZoneId, _tenantZone.Id);
        var date = DateOnly.FromDateTime(LocalTime.ToLocal(_start, zone));
        var at = LocalTime.At(date, time, zone);
        return at >= _start ? at : LocalTime.At(date.AddDays(1), time, zone);
    }

    /// <summary>The calendar month (<c>yyyy-MM</c>, in the quota zone) a delivery sent at <paramref name="at"/> counts in.</summary>
    public string QuotaPeriod(DateTimeOffset at) => LocalTime.ToLocal(at, _quotaZone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string GroupDeliveryId(string campaignId, string groupId) => $"cmp:{campaignId}:g:{groupId}";

    public static string CustomerDeliveryId(string campaignId, string customerId) => $"cmp:{campaignId}:c:{customerId}";

    /// <summary>The confirm task of (persona, agent): stable, URL-safe, and distinct for distinct pairs.</summary>
    public static string TaskId(string personaId, string? agentId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(personaId + "\n" + (agentId ?? "")));
        return "t" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>The post for a group whose slot was granted; null when the group refused (its reason is the caller's to count).</summary>
    public PlannedDelivery? ForGroup(GroupCampaignSlot slot)
    {
        if (!slot.Allowed || slot.OwnerPersonaId is null) return null;
        var at = slot.At > _now ? slot.At : _now;
        var text = _fixedText ?? CampaignTemplate.Render(_spec.Message.Template,
            new RecipientValues(null, slot.Name, _personaName(slot.OwnerPersonaId)));
        var taskId = Direct ? null : TaskId(slot.OwnerPersonaId, null);
        var message = Message(GroupDeliveryId(_campaignId, slot.GroupId), slot.OwnerPersonaId, null, slot.GroupId, null, text, at, taskId);
        return new PlannedDelivery(message, taskId, new QuotaClaim("g:" + slot.GroupId, QuotaPeriod(at), _options.GroupMonthlyQuota), slot.MemberIds);
    }

    /// <summary>The 1:1 message to a customer; null when the customer has no owning persona to send it as.</summary>
    public PlannedDelivery? ForCustomer(CustomerDirectoryEntry e)
    {
        if (e.OwnerPersonaId is null) return null;
        var at = SendAt(e.TimeZone);
        var text = _fixedText ?? CampaignTemplate.Render(_spec.Message.Template,
            new RecipientValues(e.Name, null, _personaName(e.OwnerPersonaId)));
        var taskId = Direct ? null : TaskId(e.OwnerPersonaId, e.OwnerAgentId);
        var message = Message(CustomerDeliveryId(_campaignId, e.CustomerId), e.OwnerPersonaId, e.CustomerId, null, e.OwnerAgentId, text, at, taskId);
        return new PlannedDelivery(message, taskId, new QuotaClaim("c:" + e.CustomerId, QuotaPeriod(at), _options.CustomerMonthlyQuota), [e.CustomerId]);
    }

    /// <summary>
    /// Plans one page of directory customers: those the audience keeps, not already reached through a group post and
    /// not planned before in this run (<paramref name="reached"/> gains each planned customer).
    /// </summary>
    public CustomerPagePlan ForCustomers(IReadOnlyList<CustomerDirectoryEntry> page, ISet<string> reached)
    {
        var deliveries = new List<PlannedDelivery>(page.Count);
        int duplicates = 0, unreachable = 0;
        foreach (var e in page)
        {
            if (!CampaignAudiences.Keeps(_spec.Audience, e, _now)) continue;
            if (!reached.Add(e.CustomerId)) { duplicates++; continue; }
            if (ForCustomer(e) is { } d) deliveries.Add(d);
            else unreachable++;
        }
        return new CustomerPagePlan(deliveries, duplicates, unreachable);
    }

    private OutboxMessage Message(string deliveryId, string personaId, string? customerId, string? groupId, string? agentId,
        string text, DateTimeOffset at, string? taskId) =>
        new(deliveryId, _tenantId, Channel, personaId, customerId, groupId, agentId, _spec.Message.Kind, text, _now,
            taskId is null ? OutboxStatus.Pending : OutboxStatus.Held, null, NextAttemptAt: at > _now ? at : null);

    /// <summary>Splits deliveries into store chunks of at most <see cref="CampaignOptions.ChunkSize"/>.</summary>
    public IEnumerable<CampaignChunk> Chunks(IReadOnlyList<PlannedDelivery> deliveries)
    {
        for (var i = 0; i < deliveries.Count; i += _options.ChunkSize)
            yield return new CampaignChunk(_tenantId, _campaignId, deliveries.Skip(i).Take(_options.ChunkSize).ToList());
    }
}

/// <summary>One directory page planned: its deliveries, customers skipped as already reached, and those with no owner.</summary>
public sealed record CustomerPagePlan(IReadOnlyList<PlannedDelivery> Deliveries, int Duplicates, int Unreachable);
