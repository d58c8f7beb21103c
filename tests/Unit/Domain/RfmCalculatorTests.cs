using PrivateDomain.Grains.Domain;
using Segments = PrivateDomain.Grains.Domain.RfmCalculator.Segments;

namespace PrivateDomain.Tests.Unit.Domain;

public sealed class RfmCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Customer_who_never_bought_scores_zero()
    {
        var rfm = RfmCalculator.Compute(0, 0m, null, Now);

        Assert.Null(rfm.RecencyDays);
        Assert.Equal((0, 0, 0), (rfm.RecencyScore, rfm.FrequencyScore, rfm.MonetaryScore));
        Assert.Equal(Segments.NoPurchase, rfm.Segment);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(7, 5)]
    [InlineData(8, 4)]
    [InlineData(30, 4)]
    [InlineData(31, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 2)]
    [InlineData(180, 2)]
    [InlineData(181, 1)]
    [InlineData(3650, 1)]
    public void Recency_score_follows_day_thresholds(int days, int score)
    {
        var rfm = RfmCalculator.Compute(1, 1m, Now.AddDays(-days), Now);

        Assert.Equal(days, rfm.RecencyDays);
        Assert.Equal(score, rfm.RecencyScore);
    }

    [Fact]
    public void Recency_counts_whole_days()
    {
        Assert.Equal(5, RfmCalculator.Compute(1, 1m, Now.AddDays(-7.9), Now).RecencyScore);
    }

    [Fact]
    public void Purchase_in_the_future_counts_as_today()
    {
        var rfm = RfmCalculator.Compute(1, 1m, Now.AddHours(5), Now);

        Assert.Equal(0, rfm.RecencyDays);
        Assert.Equal(5, rfm.RecencyScore);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(5, 4)]
    [InlineData(9, 4)]
    [InlineData(10, 5)]
    [InlineData(500, 5)]
    public void Frequency_score_follows_count_thresholds(int count, int score)
    {
        Assert.Equal(score, RfmCalculator.Compute(count, 1m, Now, Now).FrequencyScore);
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("299.99", 1)]
    [InlineData("300", 2)]
    [InlineData("999.99", 2)]
    [InlineData("1000", 3)]
    [InlineData("2999.99", 3)]
    [InlineData("3000", 4)]
    [InlineData("9999.99", 4)]
    [InlineData("10000", 5)]
    public void Monetary_score_follows_amount_thresholds(string total, int score)
    {
        var rfm = RfmCalculator.Compute(1, decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), Now, Now);

        Assert.Equal(score, rfm.MonetaryScore);
    }

    [Theory]
    [InlineData(2, 10, "10000", Segments.Champion)]
    [InlineData(20, 5, "3000", Segments.Champion)]
    [InlineData(2, 10, "100", Segments.Loyal)]
    [InlineData(60, 5, "100000", Segments.Loyal)]
    [InlineData(1, 1, "5000", Segments.New)]
    [InlineData(20, 1, "10", Segments.New)]
    [InlineData(100, 3, "10", Segments.AtRisk)]
    [InlineData(400, 10, "50000", Segments.AtRisk)]
    [InlineData(100, 2, "10", Segments.Hibernating)]
    [InlineData(400, 1, "50000", Segments.Hibernating)]
    [InlineData(60, 1, "10", Segments.Potential)]
    [InlineData(2, 2, "100", Segments.Potential)]
    [InlineData(60, 3, "100", Segments.Potential)]
    public void Segment_is_named_from_the_scores(int daysAgo, int count, string total, string segment)
    {
        var rfm = RfmCalculator.Compute(count, decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), Now.AddDays(-daysAgo), Now);

        Assert.Equal(segment, rfm.Segment);
    }
}
