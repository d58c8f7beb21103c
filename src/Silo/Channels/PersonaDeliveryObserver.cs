using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Silo.Channels;

/// <summary>
/// Reports the final state of an agent's reply (delivery id "reply:…") to its persona, which appends a
/// <see cref="ConsoleItemKinds.ReplyDelivery"/> item to its feed: pushed live, and gap-free for a console's resync.
/// The feed keeps one such item per delivery id, so a repeated report shows once.
/// </summary>
public sealed class PersonaDeliveryObserver(IGrainFactory grains) : IDeliveryObserver
{
    public const string ReplyPrefix = "reply:";

    public Task DeliveryCompletedAsync(OutboxMessage message, string status, string? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!message.DeliveryId.StartsWith(ReplyPrefix, StringComparison.Ordinal) || message.CustomerId is null) return Task.CompletedTask;
        var persona = grains.GetGrain<IPersonaGrain>(TenantKey.Compose(message.TenantId, message.PersonaId));
        return persona.RecordDeliveryAsync(new DeliveryReport(message.DeliveryId, message.CustomerId, message.AgentId, status, error, at))
            .WaitAsync(cancellationToken);
    }
}
