namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>One thing wrong with a definition, at a JSON path such as <c>steps[3].next</c> (<c>$</c> is the whole document).</summary>
public sealed record JourneyProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of <see cref="JourneyValidator.Validate"/>: a definition, or every problem in a stable order.</summary>
public sealed record JourneyValidation(JourneyDefinition? Definition, IReadOnlyList<JourneyProblem> Problems)
{
    public bool IsValid => Definition is not null;

    /// <summary>The problems grouped by path in first-seen order, the shape of an HTTP validation problem.</summary>
    public IDictionary<string, string[]> ToErrors()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var p in Problems) errors[p.Path] = errors.TryGetValue(p.Path, out var e) ? [.. e, p.Message] : [p.Message];
        return errors;
    }
}
