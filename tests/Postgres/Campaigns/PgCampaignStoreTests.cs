using Microsoft.Extensions.Logging.Abstractions;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.Campaigns;
using PrivateDomain.Postgres.Outbox;
using PrivateDomain.Storage;
using PrivateDomain.Tests.Campaigns;

namespace PrivateDomain.Tests.Postgres.Campaigns;

/// <summary>The campaign store and customer directory contract on PostgreSQL, one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PgCampaignStoreTests(PostgresFixture pg) : CampaignStoreContract
{
    private PostgresOutbox? _outbox;
    private PostgresCampaignStore? _store;
    private PostgresCustomerDirectory? _directory;

    protected override async Task<(ICampaignStore Store, ICustomerDirectory Directory, IOutbox Outbox)> CreateAsync()
    {
        var connectionString = await pg.NewDatabaseAsync("campaigns");
        await PostgresSchema.EnsureAsync(connectionString, CancellationToken.None);
        var options = new PostgresOptions { ConnectionString = connectionString };
        var schema = new PostgresSchemaGate(ct => PostgresSchema.EnsureAsync(connectionString, ct));
        _outbox = new PostgresOutbox(options, schema, NullLogger.Instance, TimeSpan.FromSeconds(1));
        _store = new PostgresCampaignStore(options, schema, _outbox);
        _directory = new PostgresCustomerDirectory(options, schema);
        return (_store, _directory, _outbox);
    }

    protected override async ValueTask CloseAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_directory is not null) await _directory.DisposeAsync();
        if (_outbox is not null) await _outbox.DisposeAsync();
    }
}
