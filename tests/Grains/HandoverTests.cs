using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Storage;
using static PrivateDomain.Contracts.HandoverCustomerState;
using static PrivateDomain.Tests.Grains.Events;

namespace PrivateDomain.Tests.Grains;

/// <summary>
/// Handover grains on a real silo with the frozen clock: the wait is the real 24 hours, advanced on the fake clock,
/// and the wake-up the dispatcher would deliver is read from the real wake-up index and delivered by the test.
/// </summary>
public abstract class HandoverTests(ClusterFixture fx)
{
    [Collection(SqliteClockCollection.Name)]
    public sealed class Sqlite(SqliteClusterFixture fx) : HandoverTests(fx);

    [Collection(PostgresClockCollection.Name)]
    public sealed class Postgres(PostgresClusterFixture fx) : HandoverTests(fx);

    private readonly string _tenant = NewId("t"), _persona = NewId("p"), _from = NewId("a"), _to = NewId("a");

    private T Grain<T>(string id) where T : IGrainWithStringKey => fx.Grains.GetGrain<T>(TenantKey.Compose(_tenant, id));

    private IPersonaGrain Persona => Grain<IPersonaGrain>(_persona);

    /// <summary>A persona run by both agents, with customers owned by the giving agent; the first has a conversation.</summary>
    private async Task<string[]> CustomersAsync(int count)
    {
        await Persona.ConfigureAsync(new PersonaSettings("Coach Lin", [_from, _to]));
        var ids = Enumerable.Range(0, count).Select(_ => NewId("c")).ToArray();
        var events = ids.Select(c => Make(EventTypes.CustomerAdded, c, $$"""{"agentId":"{{_from}}","source":"qr"}""", _persona)).ToList();
        events.Add(Make(EventTypes.ChatMessage, ids[0], """{"text":"hi"}""", _persona, at: fx.Time.GetUtcNow()));
        await Persona.DeliverAsync(await fx.AppendAsync(_tenant, events.ToArray()));
        // The persona sets each customer's owner as an effect after its write: let that land, as it would in the day before a handover.
        foreach (var c in ids) await EventuallyAsync(() => Grain<ICustomerGrain>(c).GetAsync(), v => v.OwnerAgentId == _from);
        return ids;
    }

    private Task<HandoverView> StartAsync(string id, HandoverKind kind, params string[] customers) =>
        Grain<IHandoverGrain>(id).StartAsync(new HandoverRequest(_persona, _from, _to, kind, customers, "sup"));

    /// <summary>What the dispatcher does at the due time: take the handover's wake-up from the index and deliver it.</summary>
    private async Task<bool> WakeWhenDueAsync(string id)
    {
        var taken = await fx.SiloServices.GetRequiredService<IWakeUpIndex>().TakeDueAsync(fx.Time.GetUtcNow(), 100_000, TimeSpan.FromMilliseconds(1));
        var mine = taken.Select(t => t.WakeUp).FirstOrDefault(w => w.TenantId == _tenant && w.Kind == IHandoverGrain.Kind && w.EntityId == id);
        if (mine is not null) await Grain<IHandoverGrain>(id).WakeAsync(mine.Key, mine.DueAt);
        return mine is not null;
    }

    private async Task<IReadOnlyList<ConsoleItem>> AgentFeedAsync(string agent, string kind) =>
        (await Grain<IAgentGrain>(agent).GetFeedAsync(0, 500)).Items.Where(i => i.Kind == kind).ToList();

    [Fact]
    public async Task On_the_job_handover_completes_after_the_waiting_period_and_moves_only_ownership()
    {
        var customers = await CustomersAsync(3);
        var id = NewId("h");

        var started = await StartAsync(id, HandoverKind.OnTheJob, customers);
        Assert.Equal(3, started.Counts[Waiting]);
        Assert.Equal(started.CreatedAt.AddHours(24), started.DueAt);
        fx.Time.Advance(TimeSpan.FromHours(23));
        Assert.False(await WakeWhenDueAsync(id));
        await Grain<IHandoverGrain>(id).WakeAsync("due", started.DueAt); // an early tick changes nothing
        Assert.Empty(await Persona.GetOwnedCustomersAsync(_to));

        fx.Time.Advance(TimeSpan.FromHours(1));
        Assert.True(await WakeWhenDueAsync(id));

        var done = (await Grain<IHandoverGrain>(id).GetAsync())!;
        Assert.Equal(3, done.Counts[Completed]);
        Assert.NotNull(done.FinishedAt);
        Assert.Equal(customers.Order(), (await Persona.GetOwnedCustomersAsync(_to)).Order());
        Assert.Empty(await Persona.GetOwnedCustomersAsync(_from));
        var conversation = Assert.Single((await Persona.GetAsync()).Conversations);
        Assert.Equal(_to, conversation.AssignedAgentId);
        Assert.Equal("hi", conversation.LastText); // history stays with the conversation
        foreach (var c in customers)
            Assert.Equal(_to, (await EventuallyAsync(() => Grain<ICustomerGrain>(c).GetAsync(), v => v.OwnerAgentId == _to)).OwnerAgentId);
        Assert.Equal($"3 customers handed over from {_from}", Assert.Single(await AgentFeedAsync(_to, ConsoleItemKinds.HandoverIn)).Text);
        Assert.Single(await AgentFeedAsync(_from, ConsoleItemKinds.HandoverOut));
        Assert.Contains((await Persona.GetFeedAsync(0, 500)).Items, i => i.Kind == ConsoleItemKinds.Assignment && i.CustomerId == customers[0] && i.AgentId == _to);
    }

    [Fact]
    public async Task A_refusing_customer_stays_with_the_giving_agent_and_a_resigned_transfer_cannot_be_refused()
    {
        var customers = await CustomersAsync(2);
        var id = NewId("h");
        await StartAsync(id, HandoverKind.OnTheJob, customers[0]);
        var resigned = NewId("h");
        await StartAsync(resigned, HandoverKind.Resigned, customers[1]);
        Assert.Equal(id, await Grain<IHandoverLedgerGrain>(_persona).FindPendingAsync(customers[0]));

        Assert.True(await Grain<IHandoverGrain>(id).RefuseAsync(customers[0]));
        Assert.False(await Grain<IHandoverGrain>(resigned).RefuseAsync(customers[1]));
        fx.Time.Advance(TimeSpan.FromHours(24));
        Assert.True(await WakeWhenDueAsync(resigned));

        Assert.Equal(Refused, Assert.Single((await Grain<IHandoverGrain>(id).GetAsync())!.Customers).State);
        Assert.Equal(Completed, Assert.Single((await Grain<IHandoverGrain>(resigned).GetAsync())!.Customers).State);
        Assert.Equal([customers[0]], await Persona.GetOwnedCustomersAsync(_from));
        Assert.Null(await Grain<IHandoverLedgerGrain>(_persona).FindPendingAsync(customers[0]));
    }

    [Fact]
    public async Task A_handover_woken_twice_after_deactivation_during_the_wait_completes_exactly_once()
    {
        var customers = await CustomersAsync(2);
        var id = NewId("h");
        var started = await StartAsync(id, HandoverKind.OnTheJob, customers);

        await fx.Cluster.DeactivateAsync(Grain<IHandoverGrain>(id));
        await fx.Cluster.DeactivateAsync(Grain<IHandoverLedgerGrain>(_persona));
        await fx.Cluster.DeactivateAsync(Persona);
        fx.Time.Advance(TimeSpan.FromHours(24));
        Assert.True(await WakeWhenDueAsync(id));
        await Grain<IHandoverGrain>(id).WakeAsync("due", started.DueAt); // a doubled tick
        await fx.Cluster.DeactivateAsync(Grain<IHandoverGrain>(id));
        await Grain<IHandoverGrain>(id).WakeAsync("due", started.DueAt);

        Assert.Equal(2, (await Grain<IHandoverGrain>(id).GetAsync())!.Counts[Completed]);
        Assert.Single(await AgentFeedAsync(_to, ConsoleItemKinds.HandoverIn));
        Assert.Single((await Persona.GetFeedAsync(0, 500)).Items, i => i.Kind == ConsoleItemKinds.Assignment && i.EventId == $"handover:{id}:{customers[0]}");
        // Counted once toward the 90-day cap: one more on-the-job transfer is still allowed, the one after is not.
        var (back, third) = (NewId("h"), NewId("h"));
        await Grain<IHandoverGrain>(back).StartAsync(new HandoverRequest(_persona, _to, _from, HandoverKind.OnTheJob, [customers[0]], "sup"));
        fx.Time.Advance(TimeSpan.FromHours(24));
        Assert.True(await WakeWhenDueAsync(back));
        var refused = await StartAsync(third, HandoverKind.OnTheJob, customers[0]);
        Assert.Equal(Limit, Assert.Single(refused.Customers).State);
    }

    [Fact]
    public async Task A_customer_waiting_in_one_handover_is_not_taken_by_another_and_cancel_frees_it()
    {
        var customers = await CustomersAsync(1);
        var (first, second) = (NewId("h"), NewId("h"));
        await StartAsync(first, HandoverKind.OnTheJob, customers);

        Assert.Equal(Failed, Assert.Single((await StartAsync(second, HandoverKind.Resigned, customers)).Customers).State);
        var cancelled = (await Grain<IHandoverGrain>(first).CancelAsync())!;
        Assert.Equal(Cancelled, Assert.Single(cancelled.Customers).State);
        fx.Time.Advance(TimeSpan.FromHours(24));
        Assert.False(await WakeWhenDueAsync(first)); // its wake-up was withdrawn
        await Grain<IHandoverGrain>(first).WakeAsync("due", cancelled.DueAt);
        Assert.Equal([customers[0]], await Persona.GetOwnedCustomersAsync(_from));
        Assert.Null(await Grain<IHandoverLedgerGrain>(_persona).FindPendingAsync(customers[0]));
    }

    [Fact]
    public async Task The_receivers_customer_limit_turns_the_excess_into_limit()
    {
        var customers = await CustomersAsync(3);
        await Grain<IAgentGrain>(_to).ConfigureAsync(new AgentSettings("Receiver", CustomerLimit: 2));

        var view = await StartAsync(NewId("h"), HandoverKind.Resigned, customers);

        Assert.Equal([Waiting, Waiting, Limit], view.Customers.Select(c => c.State));
    }
}
