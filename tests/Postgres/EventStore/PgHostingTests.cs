using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateDomain.Postgres;
using PrivateDomain.Postgres.EventLog;
using PrivateDomain.Postgres.Hosting;
using PrivateDomain.Postgres.Outbox;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.EventStore;

[Collection(PostgresCollection.Name)]
public sealed class PgHostingTests(PostgresFixture pg)
{
    [Fact]
    public async Task Event_store_registration_applies_the_schema_and_resolves_one_log_and_one_outbox()
    {
        var connectionString = await pg.NewDatabaseAsync("hosting");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = connectionString });
        builder.Services.AddPostgresEventStore(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var log = host.Services.GetRequiredService<IEventLog>();
            Assert.Same(host.Services.GetRequiredService<PostgresEventLog>(), log);
            Assert.IsType<PostgresOutbox>(host.Services.GetRequiredService<IOutbox>());
            Assert.True(((PostgresEventLog)log).Ready.IsCompletedSuccessfully);

            var result = await log.AppendAsync("t1", [Events.Chat("e1")]);

            Assert.Equal((AppendOutcome.Appended, 1L), (result.Outcome, result.LastSequence));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Invalid_postgres_options_are_reported_by_name()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:MaxAppendsPerCommit"] = "0" })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddPostgresEventStore(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PostgresOptions>>().Value);

        Assert.Contains("MaxAppendsPerCommit", error.Message);
        Assert.Contains("ConnectionString", error.Message);
    }
}
