using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Tests.Browser.Infrastructure;
using PrivateDomain.Tests.Integration.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Browser;

/// <summary>Persona "pc" (品牌号) run by agent "ca", who owns three customers that came in through a QR code.</summary>
public sealed class CampaignConsole : ConsoleEngine
{
    public const string PersonaId = "pc", AgentId = "ca";
    public string[] Customers { get; } = [Unique("c"), Unique("c"), Unique("c")];

    protected override async Task SeedAsync()
    {
        var t1 = Client(Key1);
        (await t1.PutJsonAsync($"/api/v1/tenants/{Tenant1}/personas/{PersonaId}", new { name = "品牌号", agentIds = new[] { AgentId } })).EnsureSuccessStatusCode();
        foreach (var c in Customers)
        {
            await t1.PostEventsAsync(Tenant1, Event(Unique("e"), "customer.added", c, persona: PersonaId, data: new { source = "qr", agentId = AgentId }));
            await Eventually.GetAsync(async () => await (await t1.GetAsync($"/api/v1/tenants/{Tenant1}/customers/{c}")).ReadAsync(),
                v => (string?)v["ownerAgentId"] == AgentId, Rest.Settle, "owned by the agent");
        }
    }
}

public sealed class CampaignConsoleTests(CampaignConsole engine, ITestOutputHelper output) : IClassFixture<CampaignConsole>
{
    [Fact]
    public async Task A_campaign_task_shows_live_and_once_confirmed_the_bar_reaches_sent_without_a_reload()
    {
        var page = await engine.SignedInPageAsync(agent: CampaignConsole.AgentId);
        await page.GetByTestId("view-campaigns").ClickAsync();
        await Expect(page.GetByTestId("campaigns-view")).ToBeVisibleAsync();
        // A reload would drop this marker.
        await page.EvaluateAsync("() => { window.pdNoReload = 42; }");

        var campaignId = Unique("spring");
        var created = await engine.Client(EngineHost.Key1).PutAsJsonAsync($"/api/v1/tenants/{EngineHost.Tenant1}/campaigns/{campaignId}", new
        {
            name = "春季上新",
            audience = new { customerIds = engine.Customers },
            message = new { kind = "text", template = "{{customer.name}}您好，{{persona.name}}的春季新品到了" },
            channel = "wecom",
        }, Web);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        // The task arrives live: the row with its badge, the tab's badge, and the open campaign with a Confirm button.
        var row = page.Locator($"[data-testid=campaign-row][data-campaign='{campaignId}']");
        await Expect(row.GetByTestId("campaign-confirm-badge")).ToHaveTextAsync("1 to confirm · 待确认", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("campaigns-tab-badge")).ToHaveTextAsync("1");
        await row.ClickAsync();
        var progress = page.GetByTestId("campaign-progress");
        await Expect(progress).ToHaveAttributeAsync("data-held", "3");
        await Expect(progress).ToHaveAttributeAsync("data-sent", "0");
        var shots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", "campaigns")).FullName;
        output.WriteLine($"Screenshots: {shots}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "1-task-to-confirm.png") });
        // With PD_DOCS_SCREENSHOTS=1 this view is also the picture in docs/console.md.
        if (Environment.GetEnvironmentVariable("PD_DOCS_SCREENSHOTS") == "1") await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DocsScreenshots(), "campaigns.png") });

        // Confirm: the dialog names the count and shows the message as the customer reads it.
        await page.GetByTestId("campaign-task-confirm").ClickAsync();
        var dialog = page.GetByTestId("campaign-confirm-dialog");
        await Expect(dialog.GetByTestId("campaign-confirm-count")).ToContainTextAsync("Send 3 messages");
        await Expect(dialog.GetByTestId("campaign-confirm-sample")).ToContainTextAsync("品牌号的春季新品到了");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "2-confirm-dialog.png") });
        await page.GetByTestId("campaign-confirm-dialog-ok").ClickAsync();

        await Expect(progress).ToHaveAttributeAsync("data-sent", "3", new() { Timeout = 20_000 });
        await Expect(progress).ToHaveAttributeAsync("data-percent", "100");
        await Expect(page.GetByTestId("campaign-task-confirm")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("campaigns-tab-badge")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("campaign-state")).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = 15_000 });
        Assert.Equal(42, await page.EvaluateAsync<int>("() => window.pdNoReload"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "3-sent.png") });

        foreach (var c in engine.Customers)
        {
            // Each customer was sent the campaign's message exactly once.
            var outbox = await engine.Client(EngineHost.Key1).GetJsonAsync($"/api/v1/tenants/{EngineHost.Tenant1}/outbox?customerId={c}");
            var sent = Assert.Single(outbox.AsArray(), m => ((string?)m!["deliveryId"])?.StartsWith($"cmp:{campaignId}:") == true);
            Assert.Equal("sent", (string?)sent!["status"]);
        }
        await page.Context.CloseAsync();
    }

    private static string DocsScreenshots()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "docs", "screenshots"))) return Path.Combine(dir.FullName, "docs", "screenshots");
        throw new InvalidOperationException($"No docs/screenshots above {AppContext.BaseDirectory}.");
    }
}
