using System.Text.RegularExpressions;

namespace PrivateDomain.Contracts;

/// <summary>
/// Grain keys are "{tenantId}/{entityId}". Ids are restricted to a safe alphabet without '/', so a key
/// always splits back into exactly the tenant and entity it was made from.
/// </summary>
public static partial class TenantKey
{
    public const int MaxIdLength = 64;

    public static string Compose(string tenantId, string entityId) => $"{tenantId}/{entityId}";

    public static (string TenantId, string EntityId) Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        if (slash <= 0 || slash == grainKey.Length - 1)
            throw new ArgumentException($"'{grainKey}' is not a tenant-qualified key.", nameof(grainKey));
        return (grainKey[..slash], grainKey[(slash + 1)..]);
    }

    /// <summary>True when <paramref name="id"/> may be used as a tenant or entity id.</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:@-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
