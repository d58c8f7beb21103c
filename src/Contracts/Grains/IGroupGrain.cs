namespace PrivateDomain.Contracts.Grains;

/// <summary>One chat group (社群), keyed "{tenantId}/{groupId}".</summary>
[Alias("pd.IGroupGrain")]
public interface IGroupGrain : IEventConsumerGrain
{
    /// <summary>Returns members, cap and activity.</summary>
    [Alias("GetAsync")]
    Task<GroupView> GetAsync();

    /// <summary>Sets name, owning persona and size cap.</summary>
    [Alias("ConfigureAsync")]
    Task<GroupView> ConfigureAsync(GroupSettings settings);
}
