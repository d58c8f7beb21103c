using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class CustomerProjectionTests
{
    private readonly CustomerState _s = new();

    private IReadOnlyList<GrainEffect> Apply(EngineEvent e) => CustomerProjection.Apply(_s, e);

    [Fact]
    public void Added_makes_the_customer_known_with_owner_source_and_referrer()
    {
        var effects = Apply(Ev.Added(data: """{"source":"qr","referredBy":"c0","identities":{"wecom":"wx1"},"tags":["new"]}"""));

        Assert.Empty(effects);
        Assert.True(_s.Known);
        Assert.Equal("p1", _s.OwnerPersonaId);
        Assert.Equal("qr", _s.SourceChannel);
        Assert.Equal("c0", _s.ReferredBy);
        Assert.Equal(Ev.T0, _s.AddedAt);
        Assert.Equal(EventTypes.CustomerAdded, Assert.Single(_s.Timeline).Kind);
    }

    [Fact]
    public void Added_again_merges_identities_tags_and_properties()
    {
        Apply(Ev.Added(data: """{"identities":{"wecom":"wx1","phone":"1"},"properties":{"city":"SH","n":3},"tags":["a","b"]}"""));
        Apply(Ev.Added(data: """{"identities":{"phone":"2","unionid":"u"},"properties":{"size":"M"},"tags":["b","c",""]}""", at: Ev.T0.AddDays(1)));

        Assert.Equal(new Dictionary<string, string> { ["wecom"] = "wx1", ["phone"] = "2", ["unionid"] = "u" }, _s.Identities);
        Assert.Equal(new Dictionary<string, string> { ["city"] = "SH", ["n"] = "3", ["size"] = "M" }, _s.Properties);
        Assert.Equal(["a", "b", "c"], _s.Tags);
        Assert.Equal(Ev.T0, _s.AddedAt);
    }

    [Fact]
    public void Re_added_keeps_source_when_not_given_again()
    {
        Apply(Ev.Added(data: """{"source":"qr"}"""));
        Apply(Ev.Added());

        Assert.Equal("qr", _s.SourceChannel);
    }

    [Fact]
    public void Removed_records_when_and_a_later_add_clears_it()
    {
        Apply(Ev.Added());
        Apply(Ev.Make(EventTypes.CustomerRemoved, persona: "p1", at: Ev.T0.AddDays(2)));

        Assert.Equal(Ev.T0.AddDays(2), _s.RemovedAt);
        Assert.True(_s.Known);

        Apply(Ev.Added(at: Ev.T0.AddDays(3)));

        Assert.Null(_s.RemovedAt);
    }

    [Fact]
    public void Tagged_adds_tags_and_publishes_an_update_to_the_owner_persona()
    {
        Apply(Ev.Added(persona: "p9"));
        var tagged = Ev.Make(EventTypes.CustomerTagged, data: """{"tags":["vip","vip","gold"]}""");

        var effects = Apply(tagged);

        Assert.Equal(["vip", "gold"], _s.Tags);
        var effect = Assert.Single(effects);
        Assert.Equal(EffectKind.PublishToPersona, effect.Kind);
        Assert.Equal("p9", effect.TargetId);
        Assert.Equal(ConsoleItemKinds.CustomerUpdated, effect.Item!.Kind);
        Assert.Equal(tagged.Id, effect.Item.EventId);
        Assert.Equal("c1", effect.Item.CustomerId);
        Assert.Equal("p9", effect.Item.PersonaId);
    }

    [Fact]
    public void Tagged_can_remove_tags()
    {
        Apply(Ev.Make(EventTypes.CustomerTagged, data: """{"tags":["a","b"]}"""));
        Apply(Ev.Make(EventTypes.CustomerTagged, data: """{"tags":["c"],"removeTags":["a"]}"""));

        Assert.Equal(["b", "c"], _s.Tags);
    }

    [Fact]
    public void Tagged_customer_without_owner_has_no_effect_to_run()
    {
        Assert.Empty(Apply(Ev.Make(EventTypes.CustomerTagged, data: """{"tags":["vip"]}""")));
        Assert.Equal(["vip"], _s.Tags);
    }

    [Fact]
    public void Material_open_shared_by_an_agent_notifies_that_agent()
    {
        var open = Ev.Make(EventTypes.MaterialOpen, data: """{"materialId":"brochure-7","sharedByAgentId":"a1"}""", at: Ev.T0.AddHours(1));

        var effect = Assert.Single(Apply(open));

        Assert.Equal(EffectKind.NotifyAgent, effect.Kind);
        Assert.Equal("a1", effect.TargetId);
        Assert.Equal(ConsoleItemKinds.MaterialRadar, effect.Item!.Kind);
        Assert.Equal("a1", effect.Item.AgentId);
        Assert.Equal(open.Id, effect.Item.EventId);
        Assert.Contains("brochure-7", effect.Item.Text, StringComparison.Ordinal);
        Assert.Equal(Ev.T0.AddHours(1), _s.LastActiveAt);
    }

    [Fact]
    public void Material_open_without_sharer_notifies_nobody()
    {
        Assert.Empty(Apply(Ev.Make(EventTypes.MaterialOpen, data: """{"materialId":"m1"}""")));
        Assert.Single(_s.Timeline);
    }

    [Fact]
    public void Purchases_update_the_rfm_inputs()
    {
        Apply(Ev.Purchase("o1", 100m, Ev.T0.AddDays(-10)));
        Apply(Ev.Purchase("o2", 250.5m, Ev.T0));
        Apply(Ev.Purchase("o3", 50m, Ev.T0.AddDays(-20)));

        Assert.Equal(3, _s.PurchaseCount);
        Assert.Equal(400.5m, _s.PurchaseTotal);
        Assert.Equal(Ev.T0, _s.LastPurchaseAt);
        Assert.Equal(Ev.T0, _s.LastActiveAt);
    }

    [Fact]
    public void Purchase_with_known_order_id_counts_once()
    {
        Apply(Ev.Added());
        Apply(Ev.Purchase("o1", 100m, id: "from-shop"));

        var effects = Apply(Ev.Purchase("o1", 100m, id: "from-crm"));

        Assert.Empty(effects);
        Assert.Equal(1, _s.PurchaseCount);
        Assert.Equal(100m, _s.PurchaseTotal);
        Assert.Single(_s.Timeline, t => t.Kind == EventTypes.Purchase);
    }

    [Fact]
    public void Purchase_publishes_an_update_to_the_owner_persona()
    {
        Apply(Ev.Added());

        // Beside the campaign attribution effect (CustomerDirectoryEntriesTests).
        var effect = Assert.Single(Apply(Ev.Purchase("o1", 10m)), e => e.Kind != EffectKind.CampaignOutcome);

        Assert.Equal(EffectKind.PublishToPersona, effect.Kind);
        Assert.Equal("p1", effect.TargetId);
    }

    [Fact]
    public void Page_views_and_chats_touch_last_active_but_never_move_it_back()
    {
        Apply(Ev.Make(EventTypes.PageView, data: """{"url":"u"}""", at: Ev.T0));
        Apply(Ev.Chat("older", at: Ev.T0.AddDays(-1)));

        Assert.Equal(Ev.T0, _s.LastActiveAt);
        Assert.Equal(2, _s.Timeline.Count);
    }

    [Fact]
    public void Timeline_keeps_only_the_newest_200_entries()
    {
        for (var i = 0; i < CustomerProjection.TimelineMax + 50; i++)
            Apply(Ev.Make(EventTypes.PageView, data: $$"""{"title":"page {{i}}"}""", id: $"pv{i}"));

        Assert.Equal(CustomerProjection.TimelineMax, _s.Timeline.Count);
        Assert.Equal("pv50", _s.Timeline[0].EventId);
        Assert.Equal("pv249", _s.Timeline[^1].EventId);
    }

    [Fact]
    public void Unknown_event_type_changes_nothing()
    {
        Assert.Empty(Apply(Ev.Make("customer.teleported")));
        Assert.Empty(_s.Timeline);
        Assert.False(_s.Known);
    }
}
