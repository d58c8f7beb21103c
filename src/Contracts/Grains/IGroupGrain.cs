namespace PrivateDomain.Contracts.Grains;

/// <summary>One chat group (社群), keyed "{tenantId}/{groupId}"; woken by the wake-up index to alert a dead group.</summary>
[Alias("pd.IGroupGrain")]
public interface IGroupGrain : IEventConsumerGrain, IWakeUpTarget
{
    /// <summary>Returns members, cap and activity.</summary>
    [Alias("GetAsync")]
    Task<GroupView> GetAsync();

    /// <summary>Sets name, owning persona and size cap.</summary>
    [Alias("ConfigureAsync")]
    Task<GroupView> ConfigureAsync(GroupSettings settings);

    /// <summary>Returns the group's row for its persona's group list.</summary>
    [Alias("GetSummaryAsync")]
    Task<GroupSummary> GetSummaryAsync();

    /// <summary>Posts as the owning persona: one outbox message per client message id, and one persona feed item.</summary>
    [Alias("PostAsync")]
    Task<OutboxMessage> PostAsync(string personaId, string agentId, string text, string clientMessageId);

    /// <summary>
    /// Plans one campaign post in this group: the group's cadence (its own daily cap and quiet hours, shared by SOP,
    /// campaign and persona posts) gives the slot at or after <paramref name="wantedAt"/> and reserves it. Idempotent per
    /// campaign id: asking again answers the first slot. The answer names the members the post reaches.
    /// </summary>
    [Alias("PlanCampaignPostAsync")]
    Task<GroupCampaignSlot> PlanCampaignPostAsync(string campaignId, DateTimeOffset wantedAt);

    /// <summary>Gives back a campaign's reserved slot (the campaign was cancelled before the post went out).</summary>
    [Alias("ReleaseCampaignPostAsync")]
    Task ReleaseCampaignPostAsync(string campaignId);
}
