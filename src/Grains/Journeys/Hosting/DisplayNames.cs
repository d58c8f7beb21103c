namespace PrivateDomain.Grains.Journeys.Hosting;

/// <summary>
/// Persona and agent display names as one decision sees them (a snapshot taken before it, since deciding is
/// synchronous), for <c>{{persona.name}}</c> and <c>{{agent.name}}</c>. A name not in the snapshot is null.
/// </summary>
public sealed class DisplayNames(IReadOnlyDictionary<string, string?> personas, IReadOnlyDictionary<string, string?> agents)
{
    public static readonly DisplayNames None = new(new Dictionary<string, string?>(), new Dictionary<string, string?>());

    public string? Persona(string? personaId) => personaId is null ? null : personas.GetValueOrDefault(personaId);

    public string? Agent(string? agentId) => agentId is null ? null : agents.GetValueOrDefault(agentId);
}
