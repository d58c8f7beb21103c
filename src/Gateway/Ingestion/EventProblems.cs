namespace PrivateDomain.Gateway.Ingestion;

/// <summary>Collects the problems of one event under keys "[index].field", the shape of a validation problem.</summary>
public sealed class EventProblems(int index, IDictionary<string, string[]> errors)
{
    public bool Any { get; private set; }

    public void Add(string field, string message)
    {
        Any = true;
        var key = field.Length == 0 ? $"[{index}]" : $"[{index}].{field}";
        errors[key] = errors.TryGetValue(key, out var existing) ? [.. existing, message] : [message];
    }
}
