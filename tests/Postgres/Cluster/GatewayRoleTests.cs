using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateDomain.Gateway.Hosting;
using PrivateDomain.Postgres.EventLog;
using PrivateDomain.Storage;

namespace PrivateDomain.Tests.Postgres.Cluster;

/// <summary>Engine:Role=Gateway: the web app as an Orleans client only, and the settings it refuses.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayRoleTests(PostgresFixture pg)
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=none;Username=none";
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void Gateway_role_in_embedded_mode_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build("--Engine:Role=Gateway"));

        Assert.Contains("Engine:Mode=Cluster", error.Message);
    }

    [Fact]
    public async Task Gateway_role_is_an_orleans_client_with_the_event_store_and_no_silo_services()
    {
        var db = await pg.NewDatabaseAsync("gatewayrole");
        await using var app = Build(Gateway(db));
        var services = app.Services.GetRequiredService<IServiceProviderIsService>();

        Assert.True(services.IsService(typeof(IClusterClient)));
        Assert.False(services.IsService(typeof(ILocalSiloDetails)));
        Assert.IsType<PostgresEventLog>(app.Services.GetRequiredService<IEventLog>());
        Assert.True(services.IsService(typeof(IOutbox)));
        var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName!).ToList();
        Assert.DoesNotContain(hosted, n => n.Contains("Silo", StringComparison.Ordinal) || n.EndsWith("OutboxSender", StringComparison.Ordinal));
        Assert.Contains(hosted, n => n.EndsWith("ConsoleBridge", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--demo", "Demo:Enabled")]
    [InlineData("--AgentTokens:SigningKey=", "AgentTokens:SigningKey")]
    public async Task Gateway_role_refuses_at_start(string setting, string named)
    {
        await using var app = Build([.. Gateway(Unreachable), setting]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(timeout.Token));

        Assert.Contains(named, error.Message);
    }

    private static string[] Gateway(string connectionString) =>
    [
        "--Engine:Mode=Cluster", "--Engine:Role=Gateway", $"--Postgres:ConnectionString={connectionString}", $"--AgentTokens:SigningKey={SigningKey}",
    ];

    private static Microsoft.AspNetCore.Builder.WebApplication Build(params string[] args) =>
        EngineApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. args], environment: "Development",
            contentRoot: AppContext.BaseDirectory);
}
