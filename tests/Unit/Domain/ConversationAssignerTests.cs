using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class ConversationAssignerTests
{
    private const int Capacity = 3;

    [Fact]
    public void No_agents_means_no_owner()
    {
        Assert.Null(ConversationAssigner.Choose("a1", [], Capacity));
    }

    [Fact]
    public void Sticky_owner_who_still_operates_the_persona_is_kept_even_if_offline_and_busy()
    {
        AgentLoad[] agents = [new("a1", false, 10), new("a2", true, 0)];

        Assert.Equal("a1", ConversationAssigner.Choose("a1", agents, Capacity));
    }

    [Fact]
    public void Sticky_owner_who_left_the_persona_is_replaced()
    {
        AgentLoad[] agents = [new("a2", true, 0)];

        Assert.Equal("a2", ConversationAssigner.Choose("gone", agents, Capacity));
    }

    [Fact]
    public void Least_loaded_online_agent_under_capacity_is_chosen()
    {
        AgentLoad[] agents = [new("a1", true, 2), new("a2", false, 0), new("a3", true, 1)];

        Assert.Equal("a3", ConversationAssigner.Choose(null, agents, Capacity));
    }

    [Fact]
    public void Online_agents_at_capacity_are_skipped_while_one_is_under()
    {
        AgentLoad[] agents = [new("a1", true, Capacity), new("a2", true, Capacity - 1)];

        Assert.Equal("a2", ConversationAssigner.Choose(null, agents, Capacity));
    }

    [Fact]
    public void When_every_online_agent_is_full_the_least_loaded_online_one_still_gets_it()
    {
        AgentLoad[] agents = [new("a1", true, Capacity + 2), new("a2", true, Capacity), new("a3", false, 0)];

        Assert.Equal("a2", ConversationAssigner.Choose(null, agents, Capacity));
    }

    [Fact]
    public void Ties_break_by_agent_id_ordinally()
    {
        AgentLoad[] agents = [new("b", true, 1), new("B", true, 1), new("a", true, 1)];

        Assert.Equal("B", ConversationAssigner.Choose(null, agents, Capacity));
    }

    [Fact]
    public void Nobody_online_gives_the_least_loaded_agent()
    {
        AgentLoad[] agents = [new("a1", false, 4), new("a3", false, 2), new("a2", false, 2)];

        Assert.Equal("a2", ConversationAssigner.Choose(null, agents, Capacity));
    }

    [Fact]
    public void Next_free_is_the_least_loaded_online_agent_under_capacity()
    {
        AgentLoad[] agents = [new("a1", true, 1), new("a2", false, 0), new("a3", true, 0)];

        Assert.Equal("a3", ConversationAssigner.NextFree(agents, Capacity));
    }

    [Fact]
    public void Next_free_is_nobody_when_every_online_agent_is_at_capacity()
    {
        AgentLoad[] agents = [new("a1", true, Capacity), new("a2", false, 0)];

        Assert.Null(ConversationAssigner.NextFree(agents, Capacity));
    }
}
