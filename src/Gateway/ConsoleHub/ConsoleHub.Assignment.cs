using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Contracts;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>Conversation assignment: claim, transfer, resolve, and the "is replying" hold. See docs/api.md.</summary>
public sealed partial class ConsoleHub
{
    /// <summary>Takes the conversation from the queue or a colleague; an open one of an online colleague answers <c>confirm_required</c> unless <paramref name="confirm"/>.</summary>
    public async Task<ConversationActionResult> ClaimConversation(string personaId, string customerId, bool confirm)
    {
        await RequireConversationIdsAsync(personaId, customerId);
        return await RefusedAsHubException(() => Persona(personaId).ClaimAsync(Me.AgentId, customerId, confirm));
    }

    /// <summary>Hands the conversation to another agent of the same persona.</summary>
    public async Task<ConversationActionResult> TransferConversation(string personaId, string customerId, string toAgentId)
    {
        await RequireConversationIdsAsync(personaId, customerId);
        RequireId(toAgentId, "agent");
        return await RefusedAsHubException(() => Persona(personaId).TransferAsync(Me.AgentId, customerId, toAgentId));
    }

    /// <summary>Marks the conversation done; it no longer counts against the agent's capacity.</summary>
    public async Task<ConversationActionResult> ResolveConversation(string personaId, string customerId)
    {
        await RequireConversationIdsAsync(personaId, customerId);
        return await RefusedAsHubException(() => Persona(personaId).ResolveAsync(Me.AgentId, customerId));
    }

    /// <summary>Takes or renews this agent's short "is replying" hold; answers the live hold (a colleague's if they have it).</summary>
    public async Task<ConversationHold> HoldConversation(string personaId, string customerId)
    {
        await RequireConversationIdsAsync(personaId, customerId);
        return await RefusedAsHubException(() => Persona(personaId).HoldAsync(Me.AgentId, customerId, Context.ConnectionId));
    }

    /// <summary>Ends this agent's hold on the conversation (the reply box lost focus or was emptied).</summary>
    public async Task ReleaseConversation(string personaId, string customerId)
    {
        await RequireConversationIdsAsync(personaId, customerId);
        await RefusedAsHubException(async () =>
        {
            await Persona(personaId).ReleaseAsync(Me.AgentId, customerId);
            return true;
        });
    }

    private async Task RequireConversationIdsAsync(string personaId, string customerId)
    {
        await RequirePersonaAsync(personaId);
        RequireId(customerId, "customer");
    }

    private static async Task<T> RefusedAsHubException<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AccessDeniedException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
