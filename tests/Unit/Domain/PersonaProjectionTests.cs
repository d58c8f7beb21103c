using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class PersonaProjectionTests
{
    private static readonly HashSet<string> Nobody = [];
    private readonly PersonaState _s = new() { Name = "Coach Lin", AgentIds = ["a1", "a2"], AgentCapacity = 5 };

    private PersonaProjection.Outcome Apply(EngineEvent e, IReadOnlySet<string>? online = null) =>
        PersonaProjection.Apply(_s, e, online ?? Nobody);

    [Fact]
    public void Customer_added_with_an_agent_of_the_persona_is_owned_by_that_agent()
    {
        var outcome = Apply(Ev.Added("c1", data: """{"agentId":"a2","source":"qr"}"""), new HashSet<string> { "a1" });

        Assert.Equal("a2", _s.Customers["c1"]);
        var effect = Assert.Single(outcome.Effects);
        Assert.Equal(GrainEffect.SetOwner("c1", "p1", "a2"), effect);
        var item = Assert.Single(outcome.FeedItems);
        Assert.Equal(ConsoleItemKinds.CustomerAdded, item.Kind);
        Assert.Equal("a2", item.AgentId);
    }

    [Fact]
    public void Customer_added_naming_a_stranger_agent_goes_to_the_least_loaded()
    {
        _s.Conversations["busy"] = new ConversationState { AssignedAgentId = "a1", Unread = 2, LastMessageAt = Ev.T0 };

        Apply(Ev.Added("c1", data: """{"agentId":"intruder"}"""));

        Assert.Equal("a2", _s.Customers["c1"]);
    }

    [Fact]
    public void Customer_added_without_agent_goes_to_the_least_loaded_online_agent()
    {
        _s.Conversations["x"] = new ConversationState { AssignedAgentId = "a2", Unread = 1, LastMessageAt = Ev.T0 };

        Apply(Ev.Added("c1"), new HashSet<string> { "a1", "a2" });
        Apply(Ev.Added("c2"), new HashSet<string> { "a2" });

        Assert.Equal("a1", _s.Customers["c1"]);
        Assert.Equal("a2", _s.Customers["c2"]);
    }

    [Fact]
    public void Re_added_customer_keeps_its_owner()
    {
        Apply(Ev.Added("c1", data: """{"agentId":"a2"}"""));

        Apply(Ev.Added("c1"), new HashSet<string> { "a1" });

        Assert.Equal("a2", _s.Customers["c1"]);
    }

    [Fact]
    public void Persona_without_agents_owns_the_customer_unassigned()
    {
        var s = new PersonaState();

        var outcome = PersonaProjection.Apply(s, Ev.Added("c1", data: """{"agentId":"a1"}"""), Nobody);

        Assert.Null(s.Customers["c1"]);
        Assert.Equal(GrainEffect.SetOwner("c1", "p1", null), Assert.Single(outcome.Effects));
    }

    [Fact]
    public void Direct_chat_assigns_the_owner_and_counts_unread()
    {
        Apply(Ev.Added("c1", data: """{"agentId":"a2"}"""));

        var outcome = Apply(Ev.Chat("在吗", "c1", at: Ev.T0.AddMinutes(1)));

        var conversation = _s.Conversations["c1"];
        Assert.Equal("a2", conversation.AssignedAgentId);
        Assert.Equal(1, conversation.Unread);
        Assert.Equal("在吗", conversation.LastText);
        Assert.Equal(Ev.T0.AddMinutes(1), conversation.LastMessageAt);
        Assert.Empty(outcome.Effects);
        Assert.Equal([ConsoleItemKinds.Assignment, ConsoleItemKinds.DirectMessage], outcome.FeedItems.Select(i => i.Kind));
        Assert.All(outcome.FeedItems, i => Assert.Equal("a2", i.AgentId));
    }

    [Fact]
    public void Assignment_is_announced_once_then_only_messages_follow()
    {
        Apply(Ev.Chat("one", "c1"), new HashSet<string> { "a1" });

        var second = Apply(Ev.Chat("two", "c1"), new HashSet<string> { "a2" });

        Assert.Equal([ConsoleItemKinds.DirectMessage], second.FeedItems.Select(i => i.Kind));
        Assert.Equal("a1", _s.Conversations["c1"].AssignedAgentId);
        Assert.Equal(2, _s.Conversations["c1"].Unread);
        Assert.Equal("two", _s.Conversations["c1"].LastText);
    }

    [Fact]
    public void Chat_from_a_customer_never_added_makes_them_a_customer_of_the_assignee()
    {
        Apply(Ev.Chat("hi", "stranger"), new HashSet<string> { "a2" });

        Assert.Equal("a2", _s.Customers["stranger"]);
    }

    [Fact]
    public void Conversations_spread_over_online_agents_by_load()
    {
        var online = new HashSet<string> { "a1", "a2" };

        Apply(Ev.Chat("x", "c1"), online);
        Apply(Ev.Chat("x", "c2"), online);
        Apply(Ev.Chat("x", "c3"), online);

        Assert.Equal(["a1", "a2", "a1"], new[] { "c1", "c2", "c3" }.Select(c => _s.Conversations[c].AssignedAgentId));
    }

    [Fact]
    public void Group_chat_is_not_a_persona_conversation()
    {
        var outcome = Apply(Ev.Chat("hi all", "c1", "p1", "g1"));

        Assert.Empty(outcome.FeedItems);
        Assert.Empty(_s.Conversations);
    }

    [Fact]
    public void Removed_customer_raises_a_churn_alert_to_the_owner_and_is_forgotten()
    {
        Apply(Ev.Added("c1", data: """{"agentId":"a1"}"""));
        Apply(Ev.Chat("bye", "c1"));

        var outcome = Apply(Ev.Make(EventTypes.CustomerRemoved, "c1", persona: "p1"));

        var alert = Assert.Single(outcome.FeedItems);
        Assert.Equal(ConsoleItemKinds.ChurnAlert, alert.Kind);
        Assert.Equal("a1", alert.AgentId);
        Assert.False(_s.Customers.ContainsKey("c1"));
        Assert.False(_s.Conversations.ContainsKey("c1"));
    }

    [Fact]
    public void Event_without_customer_changes_nothing()
    {
        var outcome = Apply(Ev.Make(EventTypes.CustomerAdded, customer: null, persona: "p1"));

        Assert.Empty(outcome.FeedItems);
        Assert.Empty(_s.Customers);
    }

    [Fact]
    public void Stranger_with_nobody_online_waits_in_the_queue()
    {
        var outcome = Apply(Ev.Chat("hi", "stranger", at: Ev.T0));

        var c = _s.Conversations["stranger"];
        Assert.Null(c.AssignedAgentId);
        Assert.Equal(Ev.T0, c.WaitingSince);
        Assert.Equal([ConsoleItemKinds.Queued, ConsoleItemKinds.DirectMessage], outcome.FeedItems.Select(i => i.Kind));
    }

    [Fact]
    public void Second_message_of_a_waiting_conversation_keeps_its_place_and_is_not_announced_again()
    {
        Apply(Ev.Chat("hi", "c1", at: Ev.T0));

        var outcome = Apply(Ev.Chat("anyone?", "c1", at: Ev.T0.AddMinutes(5)));

        Assert.Equal(Ev.T0, _s.Conversations["c1"].WaitingSince);
        Assert.Equal([ConsoleItemKinds.DirectMessage], outcome.FeedItems.Select(i => i.Kind));
    }

    [Fact]
    public void New_conversation_does_not_jump_the_queue()
    {
        _s.AgentCapacity = 1;
        Apply(Ev.Chat("first", "c1", at: Ev.T0));
        Apply(Ev.Chat("second", "c2", at: Ev.T0.AddMinutes(1)));

        // a1 comes online with room for one: the next message drains the queue head (c1), not the newcomer.
        var outcome = Apply(Ev.Chat("third", "c3", at: Ev.T0.AddMinutes(2)), new HashSet<string> { "a1" });

        Assert.Equal("a1", _s.Conversations["c1"].AssignedAgentId);
        Assert.Null(_s.Conversations["c2"].AssignedAgentId);
        Assert.Null(_s.Conversations["c3"].AssignedAgentId);
        Assert.Contains(outcome.FeedItems, i => i.Kind == ConsoleItemKinds.Assignment && i.CustomerId == "c1" && i.AgentId == "a1");
    }

    [Fact]
    public void Message_to_a_resolved_conversation_opens_it_again_with_the_same_agent()
    {
        Apply(Ev.Added("c1", data: """{"agentId":"a2"}"""));
        Apply(Ev.Chat("one", "c1", at: Ev.T0));
        ConversationDesk.Resolve(_s, "p1", "a2", "c1", Nobody, Ev.T0.AddMinutes(1));

        Apply(Ev.Chat("again", "c1", at: Ev.T0.AddMinutes(2)));

        Assert.Equal((ConversationStatus.Open, "a2"), (ConversationDesk.Status(_s.Conversations["c1"], Ev.T0.AddMinutes(3)), _s.Conversations["c1"].AssignedAgentId));
    }

    [Fact]
    public void Conversation_of_an_agent_who_left_goes_to_the_queue_on_the_next_message()
    {
        Apply(Ev.Chat("one", "c1", at: Ev.T0), new HashSet<string> { "a1" });
        _s.AgentIds.Remove("a1");

        var outcome = Apply(Ev.Chat("two", "c1", at: Ev.T0.AddMinutes(1)));

        Assert.Null(_s.Conversations["c1"].AssignedAgentId);
        Assert.Contains(outcome.FeedItems, i => i.Kind == ConsoleItemKinds.Queued);
    }
}
