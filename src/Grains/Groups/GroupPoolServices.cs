using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PrivateDomain.Grains.Groups;

/// <summary>Registers what live-code pool grains need: the group channel (simulated WeCom unless one is registered).</summary>
public static class GroupPoolServices
{
    public static IServiceCollection AddGroupPools(this IServiceCollection services)
    {
        services.AddOptions<GroupPoolOptions>();
        services.TryAddSingleton<Moderation.ModerationPolicyCache>();
        services.TryAddSingleton<Grains.PersonaFeedPublisher>();
        services.TryAddSingleton<SimulatedGroupChannel>();
        services.TryAddSingleton<IGroupChannel>(sp => sp.GetRequiredService<SimulatedGroupChannel>());
        return services;
    }
}
