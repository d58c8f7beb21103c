namespace PrivateDomain.Grains.Domain;

/// <summary>The lifecycle stage of a customer, derived from facts rather than stored, so it never goes stale.</summary>
public static class Lifecycle
{
    public const string Unknown = "unknown";
    public const string Prospect = "prospect";
    public const string FirstPurchase = "first_purchase";
    public const string Repeat = "repeat";
    public const string Loyal = "loyal";
    public const string Dormant = "dormant";
    public const string Churned = "churned";

    public static readonly TimeSpan DormantAfter = TimeSpan.FromDays(90);

    public static string Stage(bool known, bool removed, int purchases, DateTimeOffset? lastActiveAt, DateTimeOffset now)
    {
        if (removed) return Churned;
        if (!known && purchases == 0) return Unknown;
        if (lastActiveAt is { } last && now - last > DormantAfter) return Dormant;
        return purchases switch
        {
            0 => Prospect,
            1 => FirstPurchase,
            < 5 => Repeat,
            _ => Loyal,
        };
    }
}
