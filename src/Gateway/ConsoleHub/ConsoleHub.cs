using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>
/// The agent console hub. Thin on purpose: identity comes from the token, every id a client names is checked
/// against the personas the agent operates, and the grains do the work.
/// </summary>
[Authorize]
public sealed partial class ConsoleHub(IGrainFactory grains, ILogger<ConsoleHub> logger) : Hub
{
    public const string Path = "/hubs/console";
    public const int FeedPage = 200;
    public const int MaxReplyLength = 4_000;
    public const int MaxGroupsListed = 200;

    private (string TenantId, string AgentId) Me => AgentTokens.Identify(Context.User) ?? throw new HubException("Not signed in.");

    private IAgentGrain AgentGrain => grains.GetGrain<IAgentGrain>(TenantKey.Compose(Me.TenantId, Me.AgentId));

    public override async Task OnConnectedAsync()
    {
        var (tenant, agent) = Me;
        var view = await AgentGrain.ConnectionChangedAsync(Context.ConnectionId, connected: true);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConsoleGroups.Agent(tenant, agent));
        foreach (var persona in view.PersonaIds)
        {
            if (await Persona(persona).IsOperatedByAsync(agent))
                await Groups.AddToGroupAsync(Context.ConnectionId, ConsoleGroups.Persona(tenant, persona));
        }
        logger.LogInformation("Console {Connection} of {Tenant}/{Agent} connected", Context.ConnectionId, tenant, agent);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var view = await AgentGrain.ConnectionChangedAsync(Context.ConnectionId, connected: false);
        // Holds ("is replying") taken through this connection end with it.
        await Task.WhenAll(view.PersonaIds.Select(p => Persona(p).ReleaseConnectionAsync(view.AgentId, Context.ConnectionId)));
    }

    /// <summary>Who the agent is and the personas (with conversations) they operate.</summary>
    public async Task<ConsoleHello> Hello()
    {
        var agent = await AgentGrain.GetAsync();
        var personas = await Task.WhenAll(agent.PersonaIds.Select(p => Persona(p).GetAsync()));
        return new ConsoleHello(Me.TenantId, agent, personas.Where(p => p.AgentIds.Contains(Me.AgentId)).ToList());
    }

    /// <summary>
    /// The persona's feed past <paramref name="afterSequence"/>. Also (re)joins the persona's push group once the
    /// server has checked the agent operates it, so a persona assigned after this connection opened starts
    /// pushing here at the console's next sync rather than its next reconnect.
    /// </summary>
    public async Task<ConsoleFeedPage> SyncPersona(string personaId, long afterSequence)
    {
        await RequirePersonaAsync(personaId);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConsoleGroups.Persona(Me.TenantId, personaId));
        return await Persona(personaId).GetFeedAsync(afterSequence, FeedPage);
    }

    public Task<ConsoleFeedPage> SyncAgent(long afterSequence) => AgentGrain.GetFeedAsync(afterSequence, FeedPage);

    public async Task<CustomerView> GetCustomer(string customerId) => await RequireCustomerAsync(customerId);

    public async Task<GroupView> GetGroup(string groupId)
    {
        RequireId(groupId, "group");
        var group = await grains.GetGrain<IGroupGrain>(TenantKey.Compose(Me.TenantId, groupId)).GetAsync();
        if (group.OwnerPersonaId is null) throw new HubException("No such group.");
        await RequirePersonaAsync(group.OwnerPersonaId);
        return group;
    }

    /// <summary>The persona's groups, most recently active first.</summary>
    public async Task<IReadOnlyList<GroupSummary>> ListGroups(string personaId)
    {
        await RequirePersonaAsync(personaId);
        var ids = await grains.GetGrain<IPersonaGroupsGrain>(TenantKey.Compose(Me.TenantId, personaId)).GetAsync();
        var rows = await Task.WhenAll(ids.Take(MaxGroupsListed).Select(g => Group(g).GetSummaryAsync()));
        return rows.Where(r => r.OwnerPersonaId == personaId)
            .OrderByDescending(r => r.LastActivityAt ?? DateTimeOffset.MinValue).ThenBy(r => r.GroupId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Posts into one of the persona's groups as the persona; a retried client message id posts once.</summary>
    public async Task<OutboxMessage> PostToGroup(string personaId, string groupId, string text, string clientMessageId)
    {
        await RequirePersonaAsync(personaId);
        RequireId(groupId, "group");
        RequireId(clientMessageId, "client message");
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReplyLength) throw new HubException($"A post is 1–{MaxReplyLength} characters.");
        try
        {
            return await Group(groupId).PostAsync(personaId, Me.AgentId, text, clientMessageId);
        }
        catch (AccessDeniedException)
        {
            throw new HubException("No such group among your personas.");
        }
    }

    public async Task<OutboxMessage> Reply(string personaId, string customerId, string text, string clientMessageId)
    {
        await RequirePersonaAsync(personaId);
        RequireId(customerId, "customer");
        RequireId(clientMessageId, "client message");
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReplyLength) throw new HubException($"A reply is 1–{MaxReplyLength} characters.");
        return await RefusedAsHubException(() => Persona(personaId).ReplyAsync(Me.AgentId, customerId, text, clientMessageId));
    }

    public async Task MarkRead(string personaId, string customerId)
    {
        await RequirePersonaAsync(personaId);
        RequireId(customerId, "customer");
        await Persona(personaId).MarkReadAsync(Me.AgentId, customerId);
    }

    public async Task<CustomerView> TagCustomer(string customerId, string tag, bool remove)
    {
        await RequireCustomerAsync(customerId);
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > 64) throw new HubException("A tag is 1–64 characters.");
        return await grains.GetGrain<ICustomerGrain>(TenantKey.Compose(Me.TenantId, customerId)).TagAsync(tag.Trim(), Me.AgentId, remove);
    }

    private IGroupGrain Group(string groupId) => grains.GetGrain<IGroupGrain>(TenantKey.Compose(Me.TenantId, groupId));

    private IPersonaGrain Persona(string personaId) => grains.GetGrain<IPersonaGrain>(TenantKey.Compose(Me.TenantId, personaId));

    private async Task RequirePersonaAsync(string personaId)
    {
        RequireId(personaId, "persona");
        if (!await Persona(personaId).IsOperatedByAsync(Me.AgentId)) throw new HubException("You do not operate that persona.");
    }

    private async Task<CustomerView> RequireCustomerAsync(string customerId)
    {
        RequireId(customerId, "customer");
        var customer = await grains.GetGrain<ICustomerGrain>(TenantKey.Compose(Me.TenantId, customerId)).GetAsync();
        // Same answer for "absent" and "not yours", so ids of other personas' customers cannot be probed.
        if (customer.OwnerPersonaId is null || !await Persona(customer.OwnerPersonaId).IsOperatedByAsync(Me.AgentId))
            throw new HubException("No such customer among your personas.");
        return customer;
    }

    private static void RequireId(string id, string what)
    {
        if (!TenantKey.IsValidId(id)) throw new HubException($"Not a valid {what} id.");
    }
}
