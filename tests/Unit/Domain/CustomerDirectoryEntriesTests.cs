using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;
using PrivateDomain.Storage;
using static PrivateDomain.Tests.Unit.Ev;

namespace PrivateDomain.Tests.Unit.Domain;

/// <summary>The directory marker changes exactly when a directory field does; the projection emits campaign outcomes.</summary>
public sealed class CustomerDirectoryEntriesTests
{
    private static CustomerState Added(string data = """{"tags":["vip"],"properties":{"name":"Lin"}}""")
    {
        var s = new CustomerState();
        CustomerProjection.Apply(s, Ev.Added(data: data));
        return s;
    }

    [Fact]
    public void A_customer_only_seen_in_behaviour_has_no_marker_and_an_added_one_a_stable_one()
    {
        var seen = new CustomerState();
        CustomerProjection.Apply(seen, Make(EventTypes.PageView));

        Assert.Equal(0, CustomerDirectoryEntries.Marker(seen));
        Assert.NotEqual(0, CustomerDirectoryEntries.Marker(Added()));
        Assert.Equal(CustomerDirectoryEntries.Marker(Added()), CustomerDirectoryEntries.Marker(Added()));
    }

    [Fact]
    public void Directory_fields_change_the_marker_and_activity_does_not()
    {
        var s = Added();
        var marker = CustomerDirectoryEntries.Marker(s);
        CustomerProjection.Apply(s, Make(EventTypes.PageView));
        CustomerProjection.Apply(s, Make(EventTypes.ChatMessage, persona: "p1", data: """{"text":"hi"}"""));
        Assert.Equal(marker, CustomerDirectoryEntries.Marker(s));

        var changes = new Action<CustomerState>[]
        {
            x => x.Tags.Add("gold"),
            x => x.OwnerAgentId = "a1",
            x => x.Properties["timezone"] = "Asia/Tokyo",
            x => x.Properties["name"] = "Lin2",
            x => CustomerProjection.Apply(x, Purchase("o-1", 10m)),
            x => CustomerProjection.Apply(x, Make(EventTypes.CustomerRemoved, persona: "p1")),
        };
        foreach (var change in changes)
        {
            var copy = Added();
            change(copy);
            Assert.NotEqual(marker, CustomerDirectoryEntries.Marker(copy));
        }
    }

    [Fact]
    public void The_entry_carries_the_directory_fields()
    {
        var s = Added("""{"tags":["vip"],"properties":{"name":"Lin","timezone":"Asia/Tokyo"}}""");
        CustomerProjection.Apply(s, Purchase("o-1", 12.5m, T0.AddDays(1)));

        var e = CustomerDirectoryEntries.Entry(s, "t", "c1");

        Assert.Equal(("t", "c1", "p1", (string?)null, "Lin", "Asia/Tokyo"), (e.TenantId, e.CustomerId, e.OwnerPersonaId, e.OwnerAgentId, e.Name, e.TimeZone));
        Assert.Equal(["vip"], e.Tags);
        Assert.Equal((1, 12.5m, (DateTimeOffset?)T0.AddDays(1), false), (e.PurchaseCount, e.PurchaseTotal, e.LastPurchaseAt, e.Removed));
    }

    [Fact]
    public void Reads_clicks_and_new_orders_become_campaign_outcomes_and_a_repeated_order_does_not()
    {
        var s = Added();

        var read = CustomerProjection.Apply(s, Make(EventTypes.MessageRead, data: """{"deliveryId":"cmp:x:c:c1"}"""));
        var click = CustomerProjection.Apply(s, Make(EventTypes.MessageClicked, data: """{"deliveryId":"cmp:x:c:c1"}"""));
        var buy = CustomerProjection.Apply(s, Purchase("o-1", 10m));
        var again = CustomerProjection.Apply(s, Purchase("o-1", 10m));

        Assert.Equal(CampaignOutcome.OfSignal("c1", CampaignSignal.Read, "cmp:x:c:c1", T0), Assert.Single(read).Outcome);
        Assert.Equal(CampaignSignal.Clicked, Assert.Single(click).Outcome!.Signal);
        Assert.Equal(CampaignOutcome.OfPurchase("c1", "o-1", 10m, T0), Assert.Single(buy, e => e.Kind == EffectKind.CampaignOutcome).Outcome);
        Assert.DoesNotContain(again, e => e.Kind == EffectKind.CampaignOutcome);
    }
}
