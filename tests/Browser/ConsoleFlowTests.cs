using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PrivateDomain.Tests.Browser.Infrastructure;
using PrivateDomain.Tests.Integration.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static PrivateDomain.Tests.Integration.Infrastructure.Json;

namespace PrivateDomain.Tests.Browser;

/// <summary>
/// Persona "pf" (Lily) run by agents "fa" and "fb", with one script ("greet"), and a customer owned by fb.
/// </summary>
public sealed class ConsoleFlow : ConsoleEngine
{
    public const string PersonaId = "pf", A = "fa", B = "fb", ScriptId = "greet", CustomerName = "王芳";
    public const string Rendered = "您好 王芳，我是Lily，有什么可以帮您？";
    public string Customer { get; } = Unique("cust");

    public HttpClient T1 { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        T1 = Client(Key1);
        (await T1.PutJsonAsync($"/api/v1/tenants/{Tenant1}/personas/{PersonaId}", new { name = "Lily", agentIds = new[] { A, B } })).EnsureSuccessStatusCode();
        (await T1.PutJsonAsync($"/api/v1/tenants/{Tenant1}/personas/{PersonaId}/scripts/{ScriptId}",
            new { name = "Greeting", category = "Welcome", text = "您好 {{customer.name}}，我是{{persona.name}}，有什么可以帮您？" })).EnsureSuccessStatusCode();
        await T1.PostEventsAsync(Tenant1, Event(Unique("add"), "customer.added", Customer, persona: PersonaId,
            data: new { source = "store_qr", agentId = B, properties = new Dictionary<string, string> { ["name"] = CustomerName } }));
        await Eventually.GetAsync(() => T1.GetJsonAsync($"/api/v1/tenants/{Tenant1}/customers/{Customer}"),
            c => (string?)c["ownerAgentId"] == B, Rest.Settle, "the customer owned by fb");
    }

    /// <summary>A fresh browser context at <paramref name="address"/>, signed in as <paramref name="agent"/> through the form.</summary>
    public async Task<IPage> SignInAsync(string agent, Uri address)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(address.ToString());
        await page.GetByTestId("signin-tenant").FillAsync(Tenant1);
        await page.GetByTestId("signin-agent").FillAsync(agent);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("conn-status")).ToHaveAttributeAsync("data-status", "live");
        return page;
    }

    public Task MessageAsync(string eventId, string text, string? customer = null) =>
        T1.PostEventsAsync(Tenant1, Event(eventId, "chat.message", customer ?? Customer, persona: PersonaId, data: new { text }));

    public async Task<JsonElement[]> OutboxAsync() =>
        await T1.GetFromJsonAsync<JsonElement[]>($"/api/v1/tenants/{Tenant1}/outbox?customerId={Customer}", Web) ?? [];
}

/// <summary>
/// Issue 5's headline flow in real headless Chromium: two agents on one persona, a customer message, a claim, a reply
/// from the script library with its delivery tick, a material radar hit, and a dropped socket that resyncs exactly.
/// Screenshots of every step go to TestResults/screenshots/console-flow under the test output.
/// </summary>
public sealed class ConsoleFlowTests(ConsoleFlow engine, ITestOutputHelper output) : IClassFixture<ConsoleFlow>
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(1);
    private readonly string _shots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", "console-flow")).FullName;

    [Fact]
    public async Task Two_agents_share_a_persona_live_and_a_dropped_socket_resyncs_without_loss_or_doubles()
    {
        output.WriteLine($"Screenshots: {_shots}");
        await using var proxy = new CuttableProxy(engine.BaseAddress);
        var a = await engine.SignInAsync(ConsoleFlow.A, proxy.Address);
        var b = await engine.SignInAsync(ConsoleFlow.B, engine.BaseAddress);
        var c = engine.Customer;

        // 1. A customer message: both inboxes (the conversation row and the persona's live feed) within a second. Measured on
        // a warm engine, as agents meet it: another customer's message first takes the path once (JIT, first activations).
        var other = Unique("other");
        await engine.MessageAsync(Unique("warm"), "在吗？", other);
        await Task.WhenAll(Expect(a.GetByTestId($"conv-{other}")).ToBeVisibleAsync(), Expect(b.GetByTestId($"conv-{other}")).ToBeVisibleAsync());
        var first = Unique("m");
        const string hello = "请问这款精华适合敏感肌吗？";
        var arrived = $"() => !!document.querySelector('#feed-items [data-kind=\"message.direct\"][data-event=\"{first}\"]') && (document.querySelector('[data-testid=\"conv-{c}\"]')?.textContent ?? '').includes('{hello}')";
        await Task.WhenAll(Watch(a, "arrived", arrived), Watch(b, "arrived", arrived));
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await engine.MessageAsync(first, hello);
        var atA = await SeenAtAsync(a, "arrived");
        var atB = await SeenAtAsync(b, "arrived");
        output.WriteLine($"Message shown after {atA - sent} ms (A) and {atB - sent} ms (B)");
        Assert.InRange(atA - sent, 0, (long)Live.TotalMilliseconds);
        Assert.InRange(atB - sent, 0, (long)Live.TotalMilliseconds);
        await Expect(b.GetByTestId($"conv-{c}")).ToHaveAttributeAsync("data-assigned", ConsoleFlow.B);
        await ShotAsync("1-message", a, b);

        // 2. A claims B's open conversation: the console asks first (B is online), then B sees A has it.
        await a.GetByTestId($"conv-{c}").ClickAsync();
        await a.GetByTestId("claim-button").ClickAsync();
        await Expect(a.GetByTestId("claim-confirm")).ToBeVisibleAsync();
        await ShotAsync("2-claim-confirm", a);
        await a.GetByTestId("claim-confirm-ok").ClickAsync();
        await Expect(b.GetByTestId($"conv-{c}")).ToHaveAttributeAsync("data-assigned", ConsoleFlow.A);
        await Expect(b.Locator($"#feed-items [data-kind='conversation.claimed'][data-customer='{c}']")).ToHaveCountAsync(1);
        await Expect(a.GetByTestId("conversation-status")).ToContainTextAsync($"assigned to @{ConsoleFlow.A}");
        await ShotAsync("2-claimed", a, b);

        // 3. A inserts a script, filled for this customer, and sends it: one outbox row, and the tick turns "sent".
        await a.GetByTestId("scripts-toggle").ClickAsync();
        var script = a.Locator($"[data-testid=script-row][data-script-id={ConsoleFlow.ScriptId}]");
        await script.GetByTestId("script-insert").ClickAsync();
        await Expect(a.GetByTestId("reply-input")).ToHaveValueAsync(ConsoleFlow.Rendered);
        await Expect(a.GetByTestId("attach-script")).ToBeVisibleAsync();
        await ShotAsync("3-script-inserted", a);
        await a.GetByTestId("reply-send").ClickAsync();
        var row = (await Eventually.GetAsync(engine.OutboxAsync, rows => rows.Length > 0, Rest.Settle, "the reply in the outbox")).Single();
        Assert.Equal(ConsoleFlow.Rendered, row.GetProperty("text").GetString());
        Assert.Equal(ConsoleFlow.A, row.GetProperty("agentId").GetString());
        var deliveryId = row.GetProperty("deliveryId").GetString()!;
        var reply = a.Locator($"#feed-items [data-kind='reply.sent'][data-event='{deliveryId}']");
        await Expect(reply).ToHaveCountAsync(1);
        await Expect(reply.GetByTestId("delivery-state")).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 15_000 });
        // The feed reports the delivery just before the outbox row is completed.
        var outbox = await Eventually.GetAsync(engine.OutboxAsync, rows => rows.All(r => r.GetProperty("status").GetString() != "pending"), Rest.Settle, "the row completed");
        Assert.Equal([(deliveryId, "sent")], outbox.Select(r => (r.GetProperty("deliveryId").GetString(), r.GetProperty("status").GetString())));
        await ShotAsync("3-reply-sent", a);

        // 4. The customer opens material A shared: A's radar within a second, nothing on B.
        var radar = $"() => !!document.querySelector('#notices [data-kind=\"radar.material_open\"][data-customer=\"{c}\"]')";
        await Task.WhenAll(Watch(a, "radar", radar), Watch(b, "radar", radar));
        sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await engine.T1.PostEventsAsync(ConsoleEngine.Tenant1, Event(Unique("open"), "behavior.material_open", c, persona: ConsoleFlow.PersonaId,
            data: new { materialId = "serum-guide", sharedByAgentId = ConsoleFlow.A }));
        var radarAt = await SeenAtAsync(a, "radar");
        output.WriteLine($"Radar shown after {radarAt - sent} ms (A)");
        Assert.InRange(radarAt - sent, 0, (long)Live.TotalMilliseconds);
        await Expect(a.Locator($"[data-testid^=toast-][data-kind='radar.material_open'][data-customer='{c}']")).ToBeVisibleAsync();
        await ShotAsync("4-radar", a);
        await Task.Delay(500); // B's own push would have come as fast as A's
        Assert.Equal(0, await b.Locator("[data-kind='radar.material_open']").CountAsync());

        // 5. A's connection is reset while the customer writes on; after the automatic reconnect every message is there once.
        proxy.Cut();
        await Expect(a.GetByTestId("conn-status")).Not.ToHaveAttributeAsync("data-status", "live");
        var during = Enumerable.Range(1, 3).Select(i => (Id: Unique("m"), Text: $"断线时的消息 {i}")).ToList();
        foreach (var (id, text) in during) await engine.MessageAsync(id, text);
        foreach (var (id, _) in during) await Expect(b.Locator($"#feed-items [data-event='{id}']")).ToHaveCountAsync(1);
        await Expect(a.GetByTestId("conn-status")).Not.ToHaveAttributeAsync("data-status", "live");
        await ShotAsync("5-cut", a, b);
        var before = proxy.Accepted;
        proxy.Restore();
        await Expect(a.GetByTestId("conn-status")).ToHaveAttributeAsync("data-status", "live", new() { Timeout = 20_000 });
        Assert.True(proxy.Accepted > before, "the console connected again through the relay");
        var after = (Id: Unique("m"), Text: "重连后的消息");
        await engine.MessageAsync(after.Id, after.Text);

        List<(string Id, string Text)> all = [(first, hello), .. during, after];
        foreach (var (id, text) in all)
        {
            var line = a.Locator($"#feed-items [data-kind='message.direct'][data-event='{id}']");
            await Expect(line).ToHaveCountAsync(1);
            await Expect(line).ToContainTextAsync(text);
        }
        await AssertEachSequenceOnceAsync(a);
        await ShotAsync("5-resynced-conversation", a);
        // The persona's whole feed too, rendered afresh from what the console holds: gap-free and no sequence twice.
        await a.GetByTestId("back-to-feed").ClickAsync();
        foreach (var (id, _) in all) await Expect(a.Locator($"#feed-items [data-kind='message.direct'][data-event='{id}']")).ToHaveCountAsync(1);
        var sequences = await AssertEachSequenceOnceAsync(a);
        Assert.Equal(Enumerable.Range(sequences[0], sequences.Count), sequences);
        await ShotAsync("5-resynced-feed", a);

        foreach (var p in new[] { a, b }) await p.Context.CloseAsync();
    }

    /// <summary>The sequences of the items shown in the centre, in order, after checking none is there twice.</summary>
    private static async Task<List<int>> AssertEachSequenceOnceAsync(IPage page)
    {
        var sequences = (await page.Locator("#feed-items [data-sequence]").EvaluateAllAsync<int[]>("els => els.map(e => Number(e.dataset.sequence))")).ToList();
        Assert.NotEmpty(sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(sequences.Order(), sequences);
        return sequences;
    }

    /// <summary>
    /// Records in the page (a MutationObserver) the wall-clock millisecond at which <paramref name="condition"/> (a JS
    /// arrow function) first holds, so the measured time does not include the test's polling.
    /// </summary>
    private static Task Watch(IPage page, string name, string condition) => page.EvaluateAsync($$"""
        () => {
          const watches = (window.__pdWatch ??= {});
          const w = (watches['{{name}}'] = { at: 0 });
          const cond = {{condition}};
          const check = () => { if (!w.at && cond()) { w.at = Date.now(); observer.disconnect(); } };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          check();
        }
        """);

    private static async Task<long> SeenAtAsync(IPage page, string name)
    {
        var handle = await page.WaitForFunctionAsync($"() => window.__pdWatch?.['{name}']?.at || 0", null, new() { Timeout = 10_000 });
        return await handle.JsonValueAsync<long>();
    }

    private async Task ShotAsync(string step, params IPage[] pages)
    {
        string[] names = ["a", "b"];
        for (var i = 0; i < pages.Length; i++)
            await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_shots, $"{step}-{names[i]}.png") });
    }
}
