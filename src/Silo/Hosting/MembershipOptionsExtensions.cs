using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace PrivateDomain.Silo.Hosting;

/// <summary>Orleans' failure detection from configuration, as Orleans itself binds "Orleans:Messaging".</summary>
public static class MembershipOptionsExtensions
{
    public const string SectionName = "Orleans:Membership";

    /// <summary>
    /// Binds <see cref="ClusterMembershipOptions"/> (e.g. ProbeTimeout, NumMissedProbesLimit) from section
    /// "Orleans:Membership"; settings left out keep Orleans' defaults (a killed silo is declared dead in about 15 s).
    /// </summary>
    public static IHostApplicationBuilder AddMembershipOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(SectionName));
        return builder;
    }
}
