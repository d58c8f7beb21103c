using PrivateDomain.Contracts;
using PrivateDomain.Grains.Domain;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class ConversationDeskTests
{
    private static readonly DateTimeOffset T0 = Ev.T0;
    private static readonly HashSet<string> Both = ["a1", "a2"];
    private readonly PersonaState _s = new() { AgentIds = ["a1", "a2"], AgentCapacity = 2 };

    private ConversationState Conv(string customer, string? agent, DateTimeOffset? at = null, DateTimeOffset? waitingSince = null)
    {
        var c = new ConversationState { AssignedAgentId = agent, LastMessageAt = at ?? T0, Unread = 1, WaitingSince = waitingSince };
        _s.Conversations[customer] = c;
        return c;
    }

    [Fact]
    public void Status_follows_queue_resolution_and_silence()
    {
        Assert.Equal(ConversationStatus.Waiting, ConversationDesk.Status(Conv("w", null, waitingSince: T0), T0));
        Assert.Equal(ConversationStatus.Open, ConversationDesk.Status(Conv("o", "a1"), T0 + ConversationDesk.OpenFor - TimeSpan.FromSeconds(1)));
        Assert.Equal(ConversationStatus.Idle, ConversationDesk.Status(Conv("i", "a1"), T0 + ConversationDesk.OpenFor));
        var resolved = Conv("r", "a1");
        resolved.ResolvedAt = T0;
        Assert.Equal(ConversationStatus.Resolved, ConversationDesk.Status(resolved, T0));
    }

    [Fact]
    public void Load_counts_only_open_conversations()
    {
        Conv("open", "a1");
        Conv("idle", "a1", at: T0 - ConversationDesk.OpenFor);
        Conv("resolved", "a1").ResolvedAt = T0;
        Conv("other", "a2");
        Conv("waiting", null, waitingSince: T0);

        var loads = ConversationDesk.Loads(_s, new HashSet<string> { "a2" }, T0);

        Assert.Equal([new AgentLoad("a1", false, 1), new AgentLoad("a2", true, 1)], loads);
    }

    [Fact]
    public void Queue_is_oldest_first_and_drains_to_the_least_loaded_agents_until_all_are_full()
    {
        Conv("busy", "a1");
        Conv("late", null, waitingSince: T0.AddMinutes(3));
        Conv("early", null, waitingSince: T0.AddMinutes(1));
        Conv("middle", null, waitingSince: T0.AddMinutes(2));
        Conv("last", null, waitingSince: T0.AddMinutes(4));

        var assigned = ConversationDesk.Drain(_s, Both, T0.AddMinutes(5));

        // Capacity 2: a2 takes two, a1 (holding one) takes one; "last" keeps waiting.
        Assert.Equal([("early", "a2"), ("middle", "a1"), ("late", "a2")], assigned);
        Assert.Equal(["last"], ConversationDesk.Waiting(_s));
    }

    [Fact]
    public void Nobody_online_means_the_queue_stays()
    {
        Conv("w", null, waitingSince: T0);

        Assert.Empty(ConversationDesk.Drain(_s, new HashSet<string>(), T0));
        Assert.Equal(["w"], ConversationDesk.Waiting(_s));
    }

    [Fact]
    public void Resolving_frees_capacity_for_the_queue_head()
    {
        _s.AgentCapacity = 1;
        Conv("mine", "a1");
        Conv("w", null, waitingSince: T0);

        var decision = ConversationDesk.Resolve(_s, "p1", "a1", "mine", new HashSet<string> { "a1" }, T0.AddMinutes(1));

        Assert.Equal(ConversationOutcomes.Resolved, decision.Outcome);
        Assert.Equal([ConsoleItemKinds.Resolved, ConsoleItemKinds.Assignment], decision.Items.Select(i => i.Kind));
        Assert.Equal("a1", _s.Conversations["w"].AssignedAgentId);
        Assert.Equal(0, _s.Conversations["mine"].Unread);
    }

    [Fact]
    public void Claim_from_the_queue_is_immediate()
    {
        Conv("w", null, waitingSince: T0);

        var decision = ConversationDesk.Claim(_s, "p1", "a2", "w", confirm: false, Both, T0);

        Assert.Equal(ConversationOutcomes.Claimed, decision.Outcome);
        var item = Assert.Single(decision.Items);
        Assert.Equal((ConsoleItemKinds.Claimed, "a2", "p1", "w"), (item.Kind, item.AgentId, item.PersonaId, item.CustomerId));
        Assert.Equal(("a2", (DateTimeOffset?)null), (_s.Conversations["w"].AssignedAgentId, _s.Conversations["w"].WaitingSince));
    }

    [Fact]
    public void Claiming_an_open_conversation_of_an_online_colleague_needs_confirmation()
    {
        Conv("c", "a1");

        var first = ConversationDesk.Claim(_s, "p1", "a2", "c", confirm: false, Both, T0);
        Assert.Equal((ConversationOutcomes.ConfirmRequired, "a1"), (first.Outcome, _s.Conversations["c"].AssignedAgentId));
        Assert.Empty(first.Items);

        var confirmed = ConversationDesk.Claim(_s, "p1", "a2", "c", confirm: true, Both, T0);
        Assert.Equal((ConversationOutcomes.Claimed, "a2"), (confirmed.Outcome, _s.Conversations["c"].AssignedAgentId));
        Assert.Contains("from a1", confirmed.Items[0].Text);
    }

    [Fact]
    public void Claiming_from_an_offline_colleague_needs_no_confirmation()
    {
        Conv("c", "a1");

        var decision = ConversationDesk.Claim(_s, "p1", "a2", "c", confirm: false, new HashSet<string> { "a2" }, T0);

        Assert.Equal(ConversationOutcomes.Claimed, decision.Outcome);
    }

    [Fact]
    public void Claiming_your_own_open_conversation_changes_nothing()
    {
        Conv("c", "a1");

        Assert.Equal(ConversationOutcomes.Unchanged, ConversationDesk.Claim(_s, "p1", "a1", "c", false, Both, T0).Outcome);
    }

    [Fact]
    public void Transfer_goes_only_to_an_agent_of_the_persona_and_only_by_the_assigned_agent()
    {
        Conv("c", "a1");

        Assert.Throws<AccessDeniedException>(() => ConversationDesk.Transfer(_s, "p1", "a1", "c", "stranger", Both, T0));
        Assert.Throws<AccessDeniedException>(() => ConversationDesk.Transfer(_s, "p1", "a2", "c", "a2", Both, T0));
        var decision = ConversationDesk.Transfer(_s, "p1", "a1", "c", "a2", Both, T0);

        Assert.Equal(ConversationOutcomes.Transferred, decision.Outcome);
        Assert.Equal((ConsoleItemKinds.Transferred, "a2"), (decision.Items[0].Kind, decision.Items[0].AgentId));
        Assert.Equal("a2", _s.Conversations["c"].AssignedAgentId);
    }

    [Fact]
    public void Resolving_a_colleagues_conversation_is_refused_and_unknown_conversations_are_refused()
    {
        Conv("c", "a1");

        Assert.Throws<AccessDeniedException>(() => ConversationDesk.Resolve(_s, "p1", "a2", "c", Both, T0));
        Assert.Throws<AccessDeniedException>(() => ConversationDesk.Claim(_s, "p1", "a2", "nobody", true, Both, T0));
        Assert.Null(_s.Conversations["c"].ResolvedAt);
    }

    [Fact]
    public void Open_conversations_of_a_removed_agent_are_requeued_and_drained()
    {
        Conv("c", "gone");
        Conv("old", "gone", at: T0 - ConversationDesk.OpenFor);

        var items = ConversationDesk.Requeue(_s, "p1", new HashSet<string> { "a1" }, T0);

        Assert.Equal([ConsoleItemKinds.Queued, ConsoleItemKinds.Assignment], items.Select(i => i.Kind));
        Assert.Equal("a1", _s.Conversations["c"].AssignedAgentId);
        Assert.Equal("gone", _s.Conversations["old"].AssignedAgentId);
    }
}
