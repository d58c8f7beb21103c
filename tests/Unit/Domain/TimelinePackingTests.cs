using Orleans.Serialization;
using PrivateDomain.Contracts;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

/// <summary>The customer timeline's stored form: round trips, and a state written before packing still reads.</summary>
public class TimelinePackingTests
{
    private static readonly Serializer Serializer = OrleansSerializer.Instance;

    private static readonly TimelineEntry[] Entries =
    [
        new(new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(8)).AddTicks(3), EventTypes.ChatMessage, "说：滤芯多久换一次？", "evt-1"),
        new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), EventTypes.CustomerTagged, "Tagged vip by agent-1", null),
        new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-150)), EventTypes.Purchase, "", "evt-3"),
    ];

    [Fact]
    public void Entries_round_trip_with_their_offsets_and_absent_event_ids()
    {
        var back = TimelinePacking.Unpack(TimelinePacking.Pack(Entries));

        Assert.Equal(Entries, back);
        Assert.Equal(Entries.Select(e => e.At.Offset), back.Select(e => e.At.Offset));
        Assert.Empty(TimelinePacking.Unpack(TimelinePacking.Pack([])));
    }

    [Fact]
    public void A_customer_state_keeps_its_timeline_through_the_serializer_and_json()
    {
        var state = new CustomerState { Known = true, PurchaseCount = 2 };
        state.Timeline.AddRange(Entries);

        var back = Serializer.Deserialize<CustomerState>(Serializer.SerializeToArray(state))!;
        var json = System.Text.Json.JsonSerializer.Deserialize<CustomerState>(System.Text.Json.JsonSerializer.Serialize(state))!;

        Assert.Equal(Entries, back.Timeline);
        Assert.Equal((true, 2), (back.Known, back.PurchaseCount));
        Assert.Equal(Entries, json.Timeline);
    }

    [Fact]
    public void A_customer_state_written_before_packing_still_reads_its_timeline()
    {
        var legacy = new LegacyCustomer { AppliedSequence = 9, Known = true, Timeline = [.. Entries] };

        var back = Serializer.Deserialize<CustomerState>(Serializer.SerializeToArray(legacy))!;

        Assert.Equal((9L, true), (back.AppliedSequence, back.Known));
        Assert.Equal(Entries, back.Timeline);
    }
}

/// <summary>The customer state's shape before packing, as far as these fields go (same ids).</summary>
[GenerateSerializer, Alias("pd.test.LegacyCustomer")]
public sealed record LegacyCustomer
{
    [Id(0)] public long AppliedSequence { get; set; }
    [Id(2)] public bool Known { get; set; }
    [Id(17)] public List<TimelineEntry> Timeline { get; init; } = [];
}
