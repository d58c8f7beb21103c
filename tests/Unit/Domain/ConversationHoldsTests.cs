using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class ConversationHoldsTests
{
    private static readonly DateTimeOffset T0 = Ev.T0;
    private readonly ConversationHolds _holds = new();

    [Fact]
    public void First_agent_holds_and_a_colleague_is_told_who_holds()
    {
        var (mine, taken) = _holds.Take("c1", "a1", "conn-a", T0);
        var (theirs, takenByB) = _holds.Take("c1", "a2", "conn-b", T0.AddSeconds(1));

        Assert.True(taken);
        Assert.False(takenByB);
        Assert.Equal(mine, theirs);
        Assert.Equal(("a1", T0 + ConversationHolds.Lease), (theirs.AgentId, theirs.Until));
    }

    [Fact]
    public void Renewal_extends_the_lease_without_counting_as_new()
    {
        _holds.Take("c1", "a1", "conn-a", T0);

        var (hold, taken) = _holds.Take("c1", "a1", "conn-a", T0.AddSeconds(20));

        Assert.False(taken);
        Assert.Equal(T0.AddSeconds(20) + ConversationHolds.Lease, hold.Until);
        Assert.NotNull(_holds.Active("c1", T0.AddSeconds(45)));
    }

    [Fact]
    public void Lapsed_hold_expires_and_anyone_can_take_the_conversation()
    {
        _holds.Take("c1", "a1", "conn-a", T0);
        var after = T0 + ConversationHolds.Lease;

        Assert.Null(_holds.Active("c1", after));
        Assert.Equal([("c1", "a1")], _holds.Expire(after));
        Assert.True(_holds.Take("c1", "a2", "conn-b", after).Taken);
    }

    [Fact]
    public void Only_the_holder_releases_and_a_disconnect_releases_only_that_connections_holds()
    {
        _holds.Take("c1", "a1", "conn-a", T0);
        _holds.Take("c2", "a1", "conn-a2", T0);
        _holds.Take("c3", "a2", "conn-b", T0);

        Assert.False(_holds.Release("c1", "a2", T0));
        Assert.Equal(["c1"], _holds.ReleaseConnection("a1", "conn-a", T0));
        Assert.Null(_holds.Active("c1", T0));
        Assert.NotNull(_holds.Active("c2", T0));
        Assert.True(_holds.Release("c3", "a2", T0));
        Assert.Equal(1, _holds.Count);
    }
}
