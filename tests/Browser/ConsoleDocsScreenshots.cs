using Microsoft.Playwright;
using PrivateDomain.Tests.Browser.Infrastructure;
using PrivateDomain.Tests.Integration.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Browser;

/// <summary>Runs only with PD_DOCS_SCREENSHOTS=1: it writes into the checkout's docs/screenshots.</summary>
public sealed class DocsScreenshotFactAttribute : FactAttribute
{
    public DocsScreenshotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PD_DOCS_SCREENSHOTS") != "1") Skip = "Set PD_DOCS_SCREENSHOTS=1 to refresh docs/screenshots.";
    }
}

/// <summary>The engine with the live demo tenant (small: 150 customers, 4 groups, 3 events/s), whose agent a1 is made a supervisor.</summary>
public sealed class DocsDemo : ConsoleEngine
{
    public const string DemoKey = "docs-demo-key-0123456789";

    protected override IEnumerable<string> ExtraArgs =>
        [.. base.ExtraArgs, "--Demo:Enabled=true", "--Demo:Customers=150", "--Demo:Groups=4", "--Demo:EventsPerSecond=3"];

    public HttpClient Demo { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        Demo = Client(DemoKey);
        // The demo configures its agents first and publishes its journeys last: once they are listed, a1 stays a supervisor.
        await Eventually.GetAsync(() => Demo.GetJsonAsync("/api/v1/tenants/demo/journeys"), j => j.AsArray().Count > 0, TimeSpan.FromMinutes(2), "the demo's journeys");
        (await Demo.PutJsonAsync("/api/v1/tenants/demo/agents/a1", new { name = "Amy 王", supervisor = true })).EnsureSuccessStatusCode();
    }
}

/// <summary>A screenshot of each main view of the console, from the demo's data, for docs/console.md.</summary>
public sealed class ConsoleDocsScreenshots(ITestOutputHelper output)
{
    [DocsScreenshotFact]
    public async Task Screenshots_of_each_main_view()
    {
        Environment.SetEnvironmentVariable("PD_DEMO_INGEST_KEY", DocsDemo.DemoKey);
        var engine = new DocsDemo();
        await engine.InitializeAsync();
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(RepoRoot(), "docs", "screenshots")).FullName;
            output.WriteLine($"Screenshots: {dir}");
            async Task Shot(IPage p, string name) => await p.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png") });

            var context = await engine.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(engine.BaseAddress.ToString());
            await page.GetByTestId("signin-tenant").FillAsync("demo");
            await page.GetByTestId("signin-agent").FillAsync("a1");
            await page.GetByTestId("signin-submit").ClickAsync();
            await Expect(page.GetByTestId("conn-status")).ToHaveAttributeAsync("data-status", "live");
            await Expect(page.Locator("#feed-items .card").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Shot(page, "inbox");

            // A conversation with the script drawer open and a script inserted; the customer 360 on the right.
            var conversation = page.Locator("#sidebar .conv").First;
            var customer = await conversation.GetAttributeAsync("data-customer") ?? throw new InvalidOperationException("no conversation");
            await conversation.ClickAsync();
            await Expect(page.GetByTestId("customer-panel")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await page.GetByTestId("scripts-toggle").ClickAsync();
            await page.GetByTestId("script-insert").First.ClickAsync();
            await Expect(page.GetByTestId("attach-script")).ToBeVisibleAsync();
            await Shot(page, "conversation-scripts");
            await page.GetByTestId("scripts-toggle").ClickAsync();
            await Shot(page, "customer-360");

            // A material radar hit for this agent.
            await engine.Demo.PostEventsAsync("demo", Event(Unique("open"), "behavior.material_open", customer, persona: "p1",
                data: new { materialId = "serum-guide", sharedByAgentId = "a1" }));
            await Expect(page.Locator($"[data-testid^=toast-][data-kind='radar.material_open'][data-customer='{customer}']")).ToBeVisibleAsync();
            await Shot(page, "notifications-radar");
            await page.GetByTestId("notices-clear").ClickAsync();
            await page.Locator("[data-testid^=toast-] .notice-x").First.ClickAsync();

            await page.GetByTestId("view-groups").ClickAsync();
            await Expect(page.GetByTestId("group-detail")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Shot(page, "groups");

            await page.GetByTestId("view-journeys").ClickAsync();
            await page.Locator("[data-testid=journey-item]").First.ClickAsync();
            await Expect(page.Locator("[data-testid=journey-step]").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Shot(page, "journeys");

            await page.GetByTestId("view-handover").ClickAsync();
            await page.GetByTestId("handover-persona").SelectOptionAsync("p1");
            await page.GetByTestId("handover-from").SelectOptionAsync("a2");
            await page.GetByTestId("handover-to").SelectOptionAsync("a1");
            await page.GetByTestId("handover-submit").ClickAsync();
            await Expect(page.Locator("[data-testid=handover-list] li").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Shot(page, "handover");
            await context.CloseAsync();
        }
        finally
        {
            await engine.DisposeAsync();
            Environment.SetEnvironmentVariable("PD_DEMO_INGEST_KEY", null);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "docs")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Gateway"))) return dir.FullName;
        throw new InvalidOperationException($"No checkout above {AppContext.BaseDirectory}.");
    }
}
