using System.Reflection;

namespace PrivateDomain.Grains.Journeys.Examples;

/// <summary>The example journeys shipped as embedded resources (documented in docs/journeys.md), for the demo and tests.</summary>
public static class JourneyExamples
{
    public const string Welcome = "welcome";
    public const string SixInteractions = "six-interactions";
    public const string FilterChangeReminder = "filter-change-reminder";

    public static readonly IReadOnlyList<string> Names = [Welcome, SixInteractions, FilterChangeReminder];

    /// <summary>The JSON text of an example by name.</summary>
    public static string Json(string name)
    {
        var resource = $"PrivateDomain.Grains.Journeys.Examples.{name}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"No example journey '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
