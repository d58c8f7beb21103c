using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PrivateDomain.Tests.Browser.Infrastructure;
using PrivateDomain.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Browser;

/// <summary>The console's Journeys view and customer 360 in real Chromium against a real engine.</summary>
public sealed class JourneyConsoleTests(JourneyConsole engine) : IClassFixture<JourneyConsole>
{
    private static readonly string[] CadenceStats = ["deferred", "dropped", "skipped"];

    private static long Sum(JsonNode? counts) => counts!.AsObject().Sum(r => (long)r.Value!);

    /// <summary>The console's rate format: whole percent from 10% (and 0%), one decimal below.</summary>
    private static string Percent(long part, long whole)
    {
        var p = 100.0 * part / whole;
        return p >= 10 || p == 0 ? $"{Math.Round(p, MidpointRounding.AwayFromZero)}%" : $"{p.ToString("0.0", CultureInfo.InvariantCulture)}%";
    }

    [Fact]
    public async Task Journeys_view_shows_the_step_figures_of_the_REST_stats_and_follows_them_live()
    {
        var page = await engine.SignedInPageAsync();
        await page.GetByTestId("view-journeys").ClickAsync();
        await page.Locator($"[data-testid=journey-item][data-journey={JourneyConsole.JourneyId}]").ClickAsync();
        var detail = page.Locator($"[data-testid=journey-detail][data-journey={JourneyConsole.JourneyId}]");
        await Expect(detail).ToHaveAttributeAsync("data-version", "1");
        var v1 = (await engine.StatsAsync())["versions"]!.AsArray().Single(v => (int)v!["version"]! == 1)!;

        var steps = v1["steps"]!.AsArray();
        Assert.Equal(["hello", "tip", "wait"], steps.Select(s => (string?)s!["stepId"]));
        // The definition's order, the exit step too (nobody reached it: zeros).
        await Expect(detail.Locator("[data-testid=journey-step]")).ToHaveCountAsync(4);
        await Expect(detail.Locator("[data-testid=journey-step]").Last).ToHaveAttributeAsync("data-step", "done");
        foreach (var s in steps)
        {
            var row = detail.Locator($"[data-testid=journey-step][data-step={(string)s!["stepId"]!}]");
            var expected = new Dictionary<string, long>
            {
                ["entered"] = (long)s["entered"]!, ["waiting"] = (long)s["waiting"]!, ["converted"] = (long)s["converted"]!,
                ["exited"] = Sum(s["exited"]), ["sent"] = (long)s["sent"]!,
            };
            foreach (var k in CadenceStats) expected[k] = Sum(s[k]);
            foreach (var (stat, value) in expected)
                await Expect(row.Locator($"[data-stat={stat}] .num-value")).ToHaveTextAsync(value.ToString());
        }
        // What the scenario made happen is what the page says: quiet hours, the gap, the goal.
        var hello = detail.Locator("[data-testid=journey-step][data-step=hello]");
        await Expect(hello.Locator("[data-stat=deferred] .num-detail")).ToContainTextAsync("quiet_hours");
        await Expect(detail.Locator("[data-testid=journey-step][data-step=tip] [data-stat=deferred] .num-detail")).ToContainTextAsync("min_gap");
        await Expect(detail.Locator("[data-testid=journey-step][data-step=wait] [data-stat=exited] .num-detail")).ToHaveTextAsync("goal 1");
        await Expect(page.GetByTestId("journey-total-entered")).ToHaveTextAsync(((long)v1["entered"]!).ToString());
        await Expect(page.GetByTestId("journey-total-converted")).ToHaveTextAsync(((long)v1["converted"]!).ToString());
        await Expect(detail.Locator("[data-testid=journey-step][data-step=wait] [data-stat=rate]"))
            .ToHaveTextAsync(Percent((long)steps[2]!["converted"]!, (long)steps[2]!["entered"]!));

        // A new customer enters: the open view follows without a reload.
        var before = (long)v1["entered"]!;
        await engine.AddCustomerAsync(Unique("late"), JourneyConsole.ZoneAt(14));
        await Eventually.GetAsync(async () => (long)(await engine.StatsAsync())["versions"]![0]!["entered"]!, n => n > before, Rest.Settle, "the late customer counted");
        await Expect(page.GetByTestId("journey-total-entered")).ToHaveTextAsync((before + 1).ToString(), new() { Timeout = 10_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Customer_panel_lists_the_customers_journey_and_cadence_record_newest_first()
    {
        var page = await engine.SignedInPageAsync();
        await page.GetByTestId($"conv-{engine.QuietCustomer}").ClickAsync();
        var panel = page.Locator($"[data-testid=customer-panel][data-customer={engine.QuietCustomer}]");
        await Expect(panel).ToBeVisibleAsync();
        var rest = await engine.CustomerAsync(engine.QuietCustomer);

        var journey = rest["journeys"]!.AsArray().Single()!;
        var row = panel.GetByTestId("customer-journey");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-journey", JourneyConsole.JourneyId);
        await Expect(row).ToHaveAttributeAsync("data-version", "1");
        await Expect(row).ToHaveAttributeAsync("data-step", "wait");
        var until = DateTimeOffset.Parse(await row.GetAttributeAsync("data-until") ?? "");
        Assert.Equal(DateTimeOffset.Parse((string)journey["waitingUntil"]!), until);
        await Expect(row).ToContainTextAsync("waiting until");

        // Both messages were deferred by quiet hours: two rows, newest first, as the customer's ledger says.
        var cadence = rest["cadence"]!.AsArray();
        Assert.Equal([("defer", "quiet_hours"), ("defer", "quiet_hours")], cadence.Select(c => ((string)c!["outcome"]!, (string)c["reason"]!)));
        var rows = panel.GetByTestId("cadence-row");
        await Expect(rows).ToHaveCountAsync(cadence.Count);
        for (var i = 0; i < cadence.Count; i++)
        {
            await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-touch", (string)cadence[i]!["touchId"]!);
            await Expect(rows.Nth(i).GetByTestId("cadence-outcome")).ToHaveTextAsync("deferred");
            await Expect(rows.Nth(i).GetByTestId("cadence-reason")).ToHaveTextAsync("quiet_hours");
            await Expect(rows.Nth(i)).ToContainTextAsync((string)cadence[i]!["text"]!);
        }
        Assert.Contains("/tip", (string)cadence[0]!["source"]!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Console_journey_routes_take_the_agent_token_and_see_only_its_tenant()
    {
        var other = Unique("t2-only");
        await JourneyConsole.PublishAsync(engine.Client(ConsoleEngine.Key2), ConsoleEngine.Tenant2, other);
        var anonymous = engine.Client();
        var withTenantKey = engine.Client(ConsoleEngine.Key1);
        var agent = engine.Client();
        var token = (await anonymous.PostAsync("/api/v1/dev/tokens", Raw($$"""{ "tenantId": "{{ConsoleEngine.Tenant1}}", "agentId": "a9" }""")))
            .EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)JsonNode.Parse(await token)!["token"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/console/journeys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withTenantKey.GetAsync("/api/v1/console/journeys")).StatusCode);
        var listed = (await agent.GetJsonAsync("/api/v1/console/journeys")).AsArray().Select(j => (string)j!["journeyId"]!).ToList();
        Assert.Contains(JourneyConsole.JourneyId, listed);
        Assert.DoesNotContain(other, listed);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/console/journeys/{other}/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/console/journeys/{other}/versions/1")).StatusCode);
        var stats = await agent.GetJsonAsync($"/api/v1/console/journeys/{JourneyConsole.JourneyId}/stats");
        Assert.Equal(ConsoleEngine.Tenant1, (string?)stats["tenantId"]);
        Assert.Equal(JourneyConsole.JourneyId, (string?)(await agent.GetJsonAsync($"/api/v1/console/journeys/{JourneyConsole.JourneyId}/versions/1"))["id"]);
    }
}
