using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PrivateDomain.Gateway.Hosting;

namespace PrivateDomain.Tests.Browser.Infrastructure;

/// <summary>
/// The embedded engine as Program.cs wires it, on a real loopback Kestrel socket with its own data folder, serving the
/// console from src/Gateway/wwwroot (as built by the Gateway's build), plus one headless system Chromium shared by the
/// tests. Two tenants, "t1" and "t2"; persona "p1" of t1 is operated by agent "a1".
/// </summary>
public class ConsoleEngine : IAsyncLifetime
{
    public const string Tenant1 = "t1";
    public const string Tenant2 = "t2";
    public const string Key1 = "browser-key-one-0123456789";
    public const string Key2 = "browser-key-two-0123456789";
    public const string Persona = "p1";
    public const string Agent = "a1";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Without the networking flags Chromium keeps trying hosts it cannot reach (see ENVIRONMENT.md).</summary>
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _data = Directory.CreateTempSubdirectory("pd-browser-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = EngineApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--webroot={WebRoot()}",
            $"--Storage:DataDirectory={_data}",
            $"--Engine:SiloPort={FreePort()}",
            $"--Engine:GatewayPort={FreePort()}",
            $"--Tenants:{Tenant1}:IngestKey={Key1}",
            $"--Tenants:{Tenant2}:IngestKey={Key2}",
            "--Logging:LogLevel:Default=Warning",
        ], environment: "Development", contentRoot: AppContext.BaseDirectory);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        await SeedAsync();
    }

    /// <summary>What a derived fixture sets up once the engine and the browser run.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>A fresh page (own storage) at the console, signed in as <paramref name="agent"/> of <paramref name="tenant"/> through the form.</summary>
    public async Task<IPage> SignedInPageAsync(string tenant = Tenant1, string agent = Agent)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseAddress.ToString());
        await page.GetByTestId("signin-tenant").FillAsync(tenant);
        await page.GetByTestId("signin-agent").FillAsync(agent);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("conn-status")).ToHaveAttributeAsync("data-status", "live");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
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
            // SQLite may still hold a file handle briefly; the temp folder is harmless.
        }
    }

    /// <summary>src/Gateway/wwwroot of this checkout: the test output sits below the repository root.</summary>
    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var root = Path.Combine(dir.FullName, "src", "Gateway", "wwwroot");
            if (File.Exists(Path.Combine(root, "index.html"))) return root;
        }
        throw new InvalidOperationException($"No src/Gateway/wwwroot above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
