using Microsoft.Extensions.Logging.Abstractions;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Silo.Channels;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>The script library grain, rich replies and delivery state reaching the persona's feed, on both backends.</summary>
public abstract class ScriptLibraryTests(ClusterFixture fx)
{
    [Collection(SqliteCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : ScriptLibraryTests(fx);

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : ScriptLibraryTests(fx);

    private const string Tenant = "t1";
    private readonly string _personaId = NewId("p");
    private readonly string _a1 = NewId("a");

    private IPersonaGrain Persona => fx.Grains.GetGrain<IPersonaGrain>(TenantKey.Compose(Tenant, _personaId));

    private IScriptLibraryGrain Library => fx.Grains.GetGrain<IScriptLibraryGrain>(TenantKey.Compose(Tenant, _personaId));

    private static ScriptDraft Draft(string text = "Hi {{customer.name}}, I am {{persona.name}}.") => new("Welcome", "Greeting", text);

    private async Task<string> PersonaWithCustomerAsync()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1]));
        var customerId = NewId("c");
        var added = Make(EventTypes.CustomerAdded, customerId, $$"""{"agentId":"{{_a1}}","source":"qr"}""", _personaId);
        await Persona.DeliverAsync(await fx.AppendAsync(Tenant, added));
        return customerId;
    }

    [Fact]
    public async Task Saved_script_is_listed_with_its_editor_and_pushes_scripts_changed()
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_a1]));

        var saved = await Library.SaveAsync("welcome", Draft(), 0, _a1);

        Assert.True(saved.Ok);
        var script = Assert.Single((await Library.ListAsync()).Scripts);
        Assert.Equal(("welcome", 1L, _a1, ClusterFixture.Now), (script.ScriptId, script.Version, script.UpdatedBy, script.UpdatedAt));
        var item = Assert.Single((await Persona.GetFeedAsync(0, 100)).Items, i => i.Kind == ConsoleItemKinds.ScriptsChanged);
        Assert.Equal(_a1, item.AgentId);
    }

    [Fact]
    public async Task Stale_version_is_a_conflict_and_changes_nothing()
    {
        await Library.SaveAsync("welcome", Draft(), 0, _a1);
        await Library.SaveAsync("welcome", Draft("Second edit"), 1, "a2");

        var stale = await Library.SaveAsync("welcome", Draft("Lost edit"), 1, _a1);
        var createAgain = await Library.SaveAsync("welcome", Draft("Create again"), 0, _a1);
        var staleDelete = await Library.DeleteAsync("welcome", 1, _a1);

        Assert.Equal((ScriptChangeError.Conflict, 2L), (stale.Error, stale.CurrentVersion));
        Assert.Equal(ScriptChangeError.Conflict, createAgain.Error);
        Assert.Equal(ScriptChangeError.Conflict, staleDelete.Error);
        var script = (await Library.GetAsync("welcome"))!;
        Assert.Equal(("Second edit", 2L, "a2"), (script.Text, script.Version, script.UpdatedBy));
    }

    [Fact]
    public async Task Invalid_script_names_each_field_and_is_not_stored()
    {
        var bad = await Library.SaveAsync("welcome", new ScriptDraft("", null, "Hi {{customer.age}}", ImageUrl: "ftp://x/y.png", LinkTitle: "t"), null, _a1);

        Assert.Equal(ScriptChangeError.Invalid, bad.Error);
        Assert.Equal(["imageUrl", "linkTitle", "name", "text"], bad.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Null(await Library.GetAsync("welcome"));
        Assert.Equal(0, (await Library.ListAsync()).Version);
    }

    [Fact]
    public async Task Deleted_script_is_gone_and_a_second_delete_is_not_found()
    {
        await Library.SaveAsync("welcome", Draft(), 0, _a1);

        var deleted = await Library.DeleteAsync("welcome", 1, _a1);
        var again = await Library.DeleteAsync("welcome", null, _a1);

        Assert.True(deleted.Ok);
        Assert.Equal(ScriptChangeError.NotFound, again.Error);
        Assert.Empty((await Library.ListAsync()).Scripts);
    }

    [Fact]
    public async Task Image_reply_enqueues_once_per_client_id_and_counts_the_script_once()
    {
        var customerId = await PersonaWithCustomerAsync();
        await Library.SaveAsync("promo", new ScriptDraft("Promo", null, "Member day!", ImageUrl: "https://x.test/a.jpg"), 0, _a1);
        var content = new ReplyContent(ReplyKinds.Image, "Member day!", MediaUrl: "https://x.test/a.jpg", ScriptId: "promo");

        var first = await Persona.SendAsync(_a1, customerId, content, "m1");
        var retry = await Persona.SendAsync(_a1, customerId, content, "m1");

        Assert.Equal(first.DeliveryId, retry.DeliveryId);
        var rows = (await fx.Outbox.QueryAsync(Tenant, customerId, null, 10)).Where(m => m.PersonaId == _personaId).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(("image", "Member day!\nhttps://x.test/a.jpg"), (row.Kind, row.Text));
        Assert.Single((await Persona.GetFeedAsync(0, 100)).Items, i => i.Kind == ConsoleItemKinds.ReplySent);
        await Eventually(async () => (await Library.GetAsync("promo"))!.Uses == 1);
        Assert.Equal(1L, (await Library.GetAsync("promo"))!.Version); // a use is not an edit
    }

    [Fact]
    public async Task Sender_outcome_reaches_the_persona_feed_as_reply_delivery_once()
    {
        var customerId = await PersonaWithCustomerAsync();
        var sent = await Persona.SendAsync(_a1, customerId, new ReplyContent(ReplyKinds.Link, Url: "https://x.test/guide", Title: "Guide"), NewId("m"));
        var failed = await Persona.SendAsync(_a1, customerId, new ReplyContent(ReplyKinds.Text, "Hello"), NewId("m"));
        var observer = new PersonaDeliveryObserver(fx.Grains);
        var lane = new OutboxLane(fx.Outbox, new ScriptedAdapter(failed.DeliveryId), new OutboxOptions(), fx.Time, NullLogger.Instance, [observer]);

        await lane.SendAsync(sent, CancellationToken.None);
        await lane.SendAsync(failed, CancellationToken.None);
        await observer.DeliveryCompletedAsync(sent, OutboxStatus.Sent, null, fx.Time.GetUtcNow(), CancellationToken.None); // a repeat after a crash

        var items = (await Persona.GetFeedAsync(0, 100)).Items.Where(i => i.Kind == ConsoleItemKinds.ReplyDelivery).ToList();
        Assert.Equal([(sent.DeliveryId, "sent"), (failed.DeliveryId, "failed: blocked by the customer")], items.Select(i => (i.EventId, i.Text)));
        Assert.All(items, i => Assert.Equal((customerId, _a1), (i.CustomerId, i.AgentId)));
        var rows = await fx.Outbox.QueryAsync(Tenant, customerId, null, 10);
        Assert.Equal(OutboxStatus.Sent, rows.Single(r => r.DeliveryId == sent.DeliveryId).Status);
        Assert.Equal(OutboxStatus.Failed, rows.Single(r => r.DeliveryId == failed.DeliveryId).Status);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++) await Task.Delay(20);
        Assert.True(await condition());
    }

    /// <summary>Sends everything but one delivery id, which the channel refuses for good.</summary>
    private sealed class ScriptedAdapter(string refused) : IChannelAdapter
    {
        public string Channel => "wecom";

        public Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(message.DeliveryId == refused ? ChannelSendResult.Permanent("blocked by the customer") : ChannelSendResult.Success);
    }
}
