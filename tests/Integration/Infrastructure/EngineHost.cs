using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Gateway.Hosting;

namespace PrivateDomain.Tests.Integration.Infrastructure;

/// <summary>
/// The embedded engine exactly as Program.cs wires it, on a real Kestrel socket with its own data folder and
/// silo ports, with two tenants ("t1", "t2") configured.
/// </summary>
public class EngineHost : IAsyncLifetime
{
    public const string Tenant1 = "t1";
    public const string Tenant2 = "t2";
    public const string Key1 = "key-one-0123456789";
    public const string Key2 = "key-two-0123456789";

    private readonly string _data = Directory.CreateTempSubdirectory("pd-int-").FullName;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Configuration a derived host adds (command-line form).</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _app = EngineApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={_data}",
            $"--Engine:SiloPort={Ports.Free()}",
            $"--Engine:GatewayPort={Ports.Free()}",
            $"--Tenants:{Tenant1}:IngestKey={Key1}",
            $"--Tenants:{Tenant2}:IngestKey={Key2}",
            "--Logging:LogLevel:Default=Warning",
            .. ExtraArgs,
        ], environment: "Development", contentRoot: AppContext.BaseDirectory);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file handle briefly on some systems; the temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineHost>
{
    public const string Name = "engine";
}
