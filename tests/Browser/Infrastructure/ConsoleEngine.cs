using Microsoft.Playwright;
using PrivateDomain.Tests.Integration.Infrastructure;

namespace PrivateDomain.Tests.Browser.Infrastructure;

/// <summary>
/// The integration tests' <see cref="EngineHost"/> (linked in), serving the console from src/Gateway/wwwroot (as built
/// by the Gateway's build), plus one headless system Chromium shared by the tests. Two tenants, "t1" and "t2"; persona
/// "p1" of t1 is operated by agent "a1".
/// </summary>
public class ConsoleEngine : EngineHost, IAsyncLifetime
{
    public const string Persona = "p1";
    public const string Agent = "a1";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Without the networking flags Chromium keeps trying hosts it cannot reach (see ENVIRONMENT.md).</summary>
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    protected override IEnumerable<string> ExtraArgs => [$"--webroot={WebRoot()}"];

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
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

    public new async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
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
}
