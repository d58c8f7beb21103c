using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Tests.Browser.Infrastructure;
using PrivateDomain.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Browser;

/// <summary>
/// An engine whose handovers wait two seconds: persona "ph" run by the giver, the receiver and the supervisor "sup"
/// (who operates it, so the Handover view can offer it), with two customers of the giver who wrote in.
/// </summary>
public sealed class HandoverConsole : ConsoleEngine
{
    public const string PersonaId = "ph", Giver = "giver", Receiver = "receiver", Supervisor = "sup";
    public string[] Customers { get; } = [Unique("c"), Unique("c")];

    protected override IEnumerable<string> ExtraArgs => [.. base.ExtraArgs, "--Handover:WaitingPeriod=00:00:02"];

    protected override async Task SeedAsync()
    {
        var t1 = Client(Key1);
        (await t1.PutJsonAsync($"/api/v1/tenants/{Tenant1}/agents/{Supervisor}", new { name = "主管", supervisor = true })).EnsureSuccessStatusCode();
        (await t1.PutJsonAsync($"/api/v1/tenants/{Tenant1}/personas/{PersonaId}", new { name = "品牌号", agentIds = new[] { Giver, Receiver, Supervisor } })).EnsureSuccessStatusCode();
        foreach (var c in Customers)
        {
            (await t1.PostAsync($"/api/v1/tenants/{Tenant1}/events", Body(
                Event(Unique("e"), "customer.added", c, persona: PersonaId, data: new { source = "qr", agentId = Giver }),
                Event(Unique("e"), "chat.message", c, persona: PersonaId, data: new { text = "还有货吗" })))).EnsureSuccessStatusCode();
            await Eventually.GetAsync(async () => await (await t1.GetAsync($"/api/v1/tenants/{Tenant1}/customers/{c}")).ReadAsync(),
                v => (string?)v["ownerAgentId"] == Giver, what: "owned by the giver");
        }
    }
}

public sealed class HandoverConsoleTests(HandoverConsole engine) : IClassFixture<HandoverConsole>
{
    [Fact]
    public async Task Supervisor_hands_over_in_the_console_and_the_receiver_sees_the_customers_arrive()
    {
        var receiver = await engine.SignedInPageAsync(agent: HandoverConsole.Receiver);
        var giver = await engine.SignedInPageAsync(agent: HandoverConsole.Giver);
        await Expect(giver.GetByTestId("view-handover")).ToBeHiddenAsync(); // not a supervisor
        var sup = await engine.SignedInPageAsync(agent: HandoverConsole.Supervisor);

        await sup.GetByTestId("view-handover").ClickAsync();
        await sup.GetByTestId("handover-persona").SelectOptionAsync(HandoverConsole.PersonaId);
        await sup.GetByTestId("handover-from").SelectOptionAsync(HandoverConsole.Giver);
        await sup.GetByTestId("handover-to").SelectOptionAsync(HandoverConsole.Receiver);
        await sup.GetByTestId("handover-kind").SelectOptionAsync("onTheJob");
        await sup.GetByTestId("handover-submit").ClickAsync();

        await Expect(sup.GetByTestId("handover-status")).ToContainTextAsync("2 completed", new() { Timeout = 15_000 });
        var arrived = receiver.Locator("[data-testid^=notice-][data-kind='handover.in']");
        await Expect(arrived).ToContainTextAsync($"2 customers handed over from {HandoverConsole.Giver}", new() { Timeout = 10_000 });
        await Expect(giver.Locator("[data-testid^=notice-][data-kind='handover.out']")).ToBeVisibleAsync();
        foreach (var c in engine.Customers)
        {
            // The receiver's inbox marks them as theirs; the giver's shows them with the receiver now.
            await Expect(receiver.GetByTestId($"conv-assigned-{c}")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmine\b"));
            await Expect(giver.GetByTestId($"conv-assigned-{c}")).ToContainTextAsync(HandoverConsole.Receiver);
        }

        var shots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await sup.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "handover.png") });
        await receiver.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "handover-receiver.png") });
        foreach (var p in new[] { sup, giver, receiver }) await p.Context.CloseAsync();
    }
}
