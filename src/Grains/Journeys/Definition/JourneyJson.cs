using System.Text.Json;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Writes a definition as its canonical JSON text, which <see cref="JourneyValidator"/> reads back to an equal definition.</summary>
public static class JourneyJson
{
    public static string Serialize(JourneyDefinition definition) => JsonSerializer.Serialize(definition, JourneyJsonOptions.Options);
}
