using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Scripts;

/// <summary>What a script's variables are filled with for one customer. A value that is not known is blank.</summary>
public sealed record ScriptFacts(string CustomerId, string? CustomerName, string? PersonaName, string? AgentName,
    IReadOnlyDictionary<string, string> Properties);

/// <summary>Fills a script's <c>{{variables}}</c> (the journeys' template syntax) for one customer. Pure.</summary>
public static class ScriptText
{
    public static string Render(string template, ScriptFacts facts) =>
        ScriptRules.Placeholder().Replace(template, m => Value(m.Groups[1].Value, facts));

    public static RenderedScript Render(Script script, ScriptFacts facts) =>
        new(script.ScriptId, Render(script.Text, facts), script.ImageUrl, script.LinkUrl, script.LinkTitle, script.MaterialId);

    private static string Value(string name, ScriptFacts facts) => name switch
    {
        "customer.name" => facts.CustomerName ?? "",
        "customer.id" => facts.CustomerId,
        "persona.name" => facts.PersonaName ?? "",
        "agent.name" => facts.AgentName ?? "",
        _ when name.StartsWith("property.", StringComparison.Ordinal) => facts.Properties.GetValueOrDefault(name["property.".Length..]) ?? "",
        // Unknown names cannot be saved; one that slipped in stays visible rather than vanishing.
        _ => "{{" + name + "}}",
    };
}
