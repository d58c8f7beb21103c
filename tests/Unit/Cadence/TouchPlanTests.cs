using PrivateDomain.Grains.Cadence;

namespace PrivateDomain.Tests.Unit.Cadence;

public sealed class TouchPlanTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Six_interactions_fall_every_two_months_from_the_anchor_the_sixth_on_its_anniversary()
    {
        var moments = TouchPlan.SixInteractions(D(2026, 1, 15), D(2026, 1, 15));

        Assert.Equal([D(2026, 3, 15), D(2026, 5, 15), D(2026, 7, 15), D(2026, 9, 15), D(2026, 11, 15), D(2027, 1, 15)], moments.Select(m => m.Due));
        Assert.Equal([1, 2, 3, 4, 5, 6], moments.Select(m => m.Number));
        Assert.Equal(TouchWeight.Heavy, moments[5].Weight);
        Assert.Contains(moments, m => m.Weight == TouchWeight.Light);
    }

    [Fact]
    public void Six_interactions_resume_from_today_in_a_later_year_without_drift()
    {
        var moments = TouchPlan.SixInteractions(D(2024, 1, 31), D(2026, 4, 1), count: 3);

        Assert.Equal([D(2026, 5, 31), D(2026, 7, 31), D(2026, 9, 30)], moments.Select(m => m.Due));
        Assert.Equal([2, 3, 4], moments.Select(m => m.Number));
    }

    [Fact]
    public void Six_interactions_follow_a_custom_weight_pattern()
    {
        TouchWeight[] pattern = [TouchWeight.Heavy, .. Enumerable.Repeat(TouchWeight.Light, 5)];

        var moments = TouchPlan.SixInteractions(D(2026, 1, 1), D(2026, 1, 1), pattern: pattern);

        Assert.Equal(pattern, moments.Select(m => m.Weight));
    }

    [Fact]
    public void Anniversary_is_the_next_yearly_recurrence_and_never_the_date_itself()
    {
        Assert.Equal(D(2027, 5, 20), TouchPlan.NextAnniversary(D(2026, 5, 20), D(2026, 5, 20)));
        Assert.Equal(D(2026, 5, 20), TouchPlan.NextAnniversary(D(1990, 5, 20), D(2026, 5, 20)));
        Assert.Equal(D(2027, 5, 20), TouchPlan.NextAnniversary(D(1990, 5, 20), D(2026, 5, 21)));
    }

    [Fact]
    public void Leap_day_anniversary_falls_on_february_28_or_march_1_in_common_years()
    {
        Assert.Equal(D(2027, 2, 28), TouchPlan.NextAnniversary(D(2024, 2, 29), D(2026, 3, 1)));
        Assert.Equal(D(2027, 3, 1), TouchPlan.NextAnniversary(D(2024, 2, 29), D(2026, 3, 2), leapDayOnMarch1: true));
        Assert.Equal(D(2028, 2, 29), TouchPlan.NextAnniversary(D(2024, 2, 29), D(2027, 3, 1)));
    }

    [Fact]
    public void Service_reminder_is_due_a_fixed_number_of_days_after_the_purchase()
    {
        Assert.Equal(D(2026, 9, 7), TouchPlan.ServiceReminder(D(2026, 3, 11), 180, D(2026, 3, 11)));
        Assert.Null(TouchPlan.ServiceReminder(D(2025, 1, 1), 180, D(2026, 3, 11)));
    }

    [Fact]
    public void Repeating_service_reminder_is_the_next_period_on_or_after_today()
    {
        Assert.Equal(D(2025, 12, 27), TouchPlan.ServiceReminder(D(2025, 1, 1), 180, D(2025, 12, 27), repeat: true));
        Assert.Equal(D(2026, 6, 25), TouchPlan.ServiceReminder(D(2025, 1, 1), 180, D(2025, 12, 28), repeat: true));
    }
}
