using Orleans;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>A grain with persisted state, to follow across silo failures.</summary>
[Alias("pd.tests.pg.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the persisted count and returns the new count.</summary>
    [Alias("Add")]
    Task<int> AddAsync(int amount);

    /// <summary>The address of the silo this activation runs on.</summary>
    [Alias("GetSilo")]
    Task<string> GetSiloAsync();
}
