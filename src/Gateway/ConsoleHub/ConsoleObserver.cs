using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Gateway.ConsoleHub;

/// <summary>This gateway's end of the push path: forwards grain pushes to the SignalR groups of its connections.</summary>
public sealed class ConsoleObserver(IHubContext<ConsoleHub> hub) : IConsoleObserver
{
    public Task PushAsync(IReadOnlyList<ConsolePush> pushes)
    {
        var sends = new Task[pushes.Count];
        for (var i = 0; i < pushes.Count; i++)
            sends[i] = hub.Clients.Group(ConsoleGroups.For(pushes[i])).SendAsync("feed", FeedMessage.From(pushes[i]));
        return Task.WhenAll(sends);
    }

    public Task RevokePersonaAsync(string tenantId, string personaId, IReadOnlyList<string> connectionIds)
    {
        var group = ConsoleGroups.Persona(tenantId, personaId);
        return Task.WhenAll(connectionIds.Select(c => hub.Groups.RemoveFromGroupAsync(c, group)));
    }
}
