using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Domain;

/// <summary>
/// Scores recency, frequency and monetary value 1–5 (0 when the customer never bought) and names the
/// segment operators act on. Thresholds follow common retail practice; a tenant-specific table can replace them.
/// </summary>
public static class RfmCalculator
{
    public static RfmFigures Compute(int purchaseCount, decimal total, DateTimeOffset? lastPurchaseAt, DateTimeOffset now)
    {
        if (purchaseCount == 0 || lastPurchaseAt is null)
            return new RfmFigures(null, 0, 0m, 0, 0, 0, Segments.NoPurchase);

        var days = Math.Max(0, (int)(now - lastPurchaseAt.Value).TotalDays);
        var r = days switch { <= 7 => 5, <= 30 => 4, <= 90 => 3, <= 180 => 2, _ => 1 };
        var f = purchaseCount switch { >= 10 => 5, >= 5 => 4, >= 3 => 3, 2 => 2, _ => 1 };
        var m = total switch { >= 10_000m => 5, >= 3_000m => 4, >= 1_000m => 3, >= 300m => 2, _ => 1 };
        return new RfmFigures(days, purchaseCount, total, r, f, m, Segment(r, f, m));
    }

    private static string Segment(int r, int f, int m) => (r, f, m) switch
    {
        ( >= 4, >= 4, >= 4) => Segments.Champion,
        ( >= 3, >= 4, _) => Segments.Loyal,
        ( >= 4, 1, _) => Segments.New,
        ( <= 2, >= 3, _) => Segments.AtRisk,
        ( <= 2, _, _) => Segments.Hibernating,
        _ => Segments.Potential,
    };

    public static class Segments
    {
        public const string NoPurchase = "no_purchase";
        public const string Champion = "champion";
        public const string Loyal = "loyal";
        public const string New = "new";
        public const string AtRisk = "at_risk";
        public const string Hibernating = "hibernating";
        public const string Potential = "potential";
    }
}
