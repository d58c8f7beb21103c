using PrivateDomain.Testing;

namespace PrivateDomain.Tests.Postgres;

/// <summary>One throwaway PostgreSQL server for the whole test project; each test class makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    internal ThrowawayPostgres Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ThrowawayPostgres.StartAsync();

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}";
        await Server.CreateDatabaseAsync(name);
        return Server.ConnectionString(name);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
