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
}
