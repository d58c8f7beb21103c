using PrivateDomain.Grains.Domain;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, Lifecycle.Prospect)]
    [InlineData(1, Lifecycle.FirstPurchase)]
    [InlineData(2, Lifecycle.Repeat)]
    [InlineData(4, Lifecycle.Repeat)]
    [InlineData(5, Lifecycle.Loyal)]
    [InlineData(50, Lifecycle.Loyal)]
    public void Active_known_customer_is_staged_by_purchases(int purchases, string stage)
    {
        Assert.Equal(stage, Lifecycle.Stage(true, false, purchases, Now.AddDays(-1), Now));
    }

    [Fact]
    public void Unknown_customer_without_purchases_is_unknown()
    {
        Assert.Equal(Lifecycle.Unknown, Lifecycle.Stage(false, false, 0, Now, Now));
    }

    [Fact]
    public void Customer_seen_only_through_purchases_is_staged_by_them()
    {
        Assert.Equal(Lifecycle.FirstPurchase, Lifecycle.Stage(false, false, 1, Now, Now));
    }

    [Fact]
    public void Known_customer_never_active_is_a_prospect()
    {
        Assert.Equal(Lifecycle.Prospect, Lifecycle.Stage(true, false, 0, null, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    public void Removed_customer_is_churned_whatever_else(int purchases)
    {
        Assert.Equal(Lifecycle.Churned, Lifecycle.Stage(true, true, purchases, Now, Now));
        Assert.Equal(Lifecycle.Churned, Lifecycle.Stage(true, true, purchases, Now.AddDays(-400), Now));
    }

    [Fact]
    public void Customer_inactive_beyond_90_days_is_dormant()
    {
        Assert.Equal(Lifecycle.Dormant, Lifecycle.Stage(true, false, 7, Now - Lifecycle.DormantAfter - TimeSpan.FromSeconds(1), Now));
    }

    [Fact]
    public void Customer_inactive_exactly_90_days_is_not_yet_dormant()
    {
        Assert.Equal(Lifecycle.Repeat, Lifecycle.Stage(true, false, 3, Now - Lifecycle.DormantAfter, Now));
    }
}
