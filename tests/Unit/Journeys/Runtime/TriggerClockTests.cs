using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Journeys.Definition;
using PrivateDomain.Grains.Journeys.Runtime;

namespace PrivateDomain.Tests.Unit.Journeys.Runtime;

/// <summary>Occurrences of date and schedule triggers, computed with fixed instants in real time zones.</summary>
public class TriggerClockTests
{
    private static readonly TimeZoneInfo Shanghai = LocalTime.Zone("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = LocalTime.Zone("America/New_York");

    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static DateTrigger Date(Recurrence recurrence, int offsetDays = 0, string at = "09:00") =>
        new("birthday", offsetDays, recurrence, TimeOnly.Parse(at));

    private static ScheduleTrigger Schedule(string at, params Weekday[] days) =>
        new(days.Length == 0 ? ScheduleFrequency.Daily : ScheduleFrequency.Weekly, days.Length == 0 ? null : days, TimeOnly.Parse(at), new AllCondition([]));

    [Theory]
    [InlineData("1990-06-15", "1990-06-15")]
    [InlineData("2026-03-01T23:30:00Z", "2026-03-02")] // 07:30 on the 2nd in Shanghai
    [InlineData("2026-03-01T23:30:00+08:00", "2026-03-01")]
    [InlineData("2026-03-01T23:30:00", "2026-03-01")] // no offset: as written
    [InlineData("2026-03-01 08:00", "2026-03-01")]
    public void Date_values_are_iso_dates_or_date_times_read_in_the_zone(string value, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), TriggerClock.ParseDate(value, Shanghai));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a date")]
    [InlineData("1990/05/01")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("05-01-1990")]
    [InlineData("2026-03-01Tgarbage")]
    [InlineData("9999-12-31")]
    public void Unparseable_date_values_are_null(string? value) => Assert.Null(TriggerClock.ParseDate(value, Shanghai));

    [Fact]
    public void Yearly_fires_on_every_anniversary_at_the_local_time()
    {
        var birthday = new DateOnly(1990, 6, 15);
        var first = TriggerClock.Next(Date(Recurrence.Yearly), birthday, Shanghai, Utc(2026, 6, 1))!.Value;
        Assert.Equal((Utc(2026, 6, 15, 1), new DateOnly(2026, 6, 15)), (first.At, first.Date));
        Assert.Equal(Utc(2027, 6, 15, 1), TriggerClock.Next(Date(Recurrence.Yearly), birthday, Shanghai, first.At)!.Value.At);
        Assert.Equal(first, TriggerClock.Latest(Date(Recurrence.Yearly), birthday, Shanghai, Utc(2025, 7, 1), Utc(2027, 6, 15)));
        Assert.Equal(Utc(2027, 6, 15, 1), TriggerClock.Latest(Date(Recurrence.Yearly), birthday, Shanghai, Utc(2025, 7, 1), Utc(2027, 6, 15, 1))!.Value.At);
        Assert.Null(TriggerClock.Latest(Date(Recurrence.Yearly), birthday, Shanghai, Utc(2026, 6, 15, 1), Utc(2027, 6, 15)));
    }

    [Fact]
    public void A_date_itself_is_not_its_own_anniversary()
    {
        var joined = new DateOnly(2026, 6, 15);
        Assert.Equal(new DateOnly(2027, 6, 15), TriggerClock.Next(Date(Recurrence.Yearly), joined, Shanghai, Utc(2026, 1, 1))!.Value.Date);
        Assert.Equal(new DateOnly(2026, 6, 15), TriggerClock.Next(Date(Recurrence.Once), joined, Shanghai, Utc(2026, 1, 1))!.Value.Date);
    }

    [Fact]
    public void Feb_29_falls_on_Feb_28_in_non_leap_years()
    {
        var leapling = new DateOnly(2000, 2, 29);
        var dates = new List<DateOnly>();
        var after = Utc(2026, 1, 1);
        for (var i = 0; i < 3; i++)
        {
            var o = TriggerClock.Next(Date(Recurrence.Yearly), leapling, Shanghai, after)!.Value;
            dates.Add(o.Date);
            after = o.At;
        }
        Assert.Equal([new DateOnly(2026, 2, 28), new DateOnly(2027, 2, 28), new DateOnly(2028, 2, 29)], dates);
    }

    [Fact]
    public void An_offset_moves_anniversaries_across_the_year_end()
    {
        var birthday = new DateOnly(1990, 1, 3);
        var week = Date(Recurrence.Yearly, offsetDays: -7);
        Assert.Equal(new DateOnly(2026, 12, 27), TriggerClock.Next(week, birthday, Shanghai, Utc(2026, 6, 1))!.Value.Date);
        Assert.Equal(new DateOnly(2025, 12, 27), TriggerClock.Latest(week, birthday, Shanghai, Utc(2025, 6, 1), Utc(2026, 6, 1))!.Value.Date);
    }

    [Fact]
    public void Once_fires_a_single_occurrence_after_the_offset()
    {
        var bought = TriggerClock.ParseDate("2026-03-01T23:30:00Z", Shanghai)!.Value; // the 2nd, locally
        var reminder = Date(Recurrence.Once, offsetDays: 180, at: "10:00");
        var o = TriggerClock.Next(reminder, bought, Shanghai, Utc(2026, 3, 2))!.Value;
        Assert.Equal((new DateOnly(2026, 8, 29), Utc(2026, 8, 29, 2)), (o.Date, o.At));
        Assert.Null(TriggerClock.Next(reminder, bought, Shanghai, o.At));
        Assert.Equal(o, TriggerClock.Latest(reminder, bought, Shanghai, Utc(2026, 3, 2), Utc(2030, 1, 1)));
    }

    [Fact]
    public void A_local_time_in_the_spring_forward_gap_is_the_end_of_the_gap()
    {
        // New York skips 02:00–03:00 on 2026-03-08.
        var o = TriggerClock.Next(Schedule("02:30"), NewYork, Utc(2026, 3, 7, 8))!.Value;
        Assert.Equal((new DateOnly(2026, 3, 8), Utc(2026, 3, 8, 7)), (o.Date, o.At)); // 03:00 EDT
        Assert.Equal(Utc(2026, 3, 9, 6, 30), TriggerClock.Next(Schedule("02:30"), NewYork, o.At)!.Value.At); // 02:30 EDT
    }

    [Fact]
    public void A_local_time_repeated_by_the_fall_back_overlap_is_its_first_occurrence()
    {
        // New York repeats 01:00–02:00 on 2026-11-01: the first 01:30 is EDT (UTC−4).
        var o = TriggerClock.Next(Schedule("01:30"), NewYork, Utc(2026, 11, 1))!.Value;
        Assert.Equal(Utc(2026, 11, 1, 5, 30), o.At);
        Assert.Equal(Utc(2026, 11, 2, 6, 30), TriggerClock.Next(Schedule("01:30"), NewYork, o.At)!.Value.At); // EST
        var birthday = Date(Recurrence.Yearly, at: "01:30");
        Assert.Equal(Utc(2026, 11, 1, 5, 30), TriggerClock.Next(birthday, new DateOnly(1980, 11, 1), NewYork, Utc(2026, 6, 1))!.Value.At);
    }

    [Fact]
    public void Weekly_schedules_fire_only_on_their_days()
    {
        var monThu = Schedule("09:00", Weekday.Mon, Weekday.Thu);
        var monday10 = Utc(2026, 6, 1, 2); // Monday 10:00 in Shanghai
        var next = TriggerClock.Next(monThu, Shanghai, monday10)!.Value;
        Assert.Equal((new DateOnly(2026, 6, 4), Utc(2026, 6, 4, 1)), (next.Date, next.At));
        Assert.Equal(new DateOnly(2026, 6, 8), TriggerClock.Next(monThu, Shanghai, next.At)!.Value.Date);
        Assert.Equal(new DateOnly(2026, 6, 1), TriggerClock.Latest(monThu, Shanghai, monday10.AddDays(-7), monday10)!.Value.Date);
        Assert.Equal(new DateOnly(2026, 5, 28), TriggerClock.Latest(monThu, Shanghai, monday10.AddDays(-7), monday10.AddHours(-2))!.Value.Date);
        Assert.Null(TriggerClock.Latest(monThu, Shanghai, Utc(2026, 6, 1, 1), monday10.AddDays(2)));
    }

    [Fact]
    public void Daily_schedules_fire_every_day_and_the_latest_is_the_last_one_passed()
    {
        var daily = Schedule("20:00");
        Assert.Equal(Utc(2026, 6, 1, 12), TriggerClock.Next(daily, Shanghai, Utc(2026, 6, 1, 2))!.Value.At);
        Assert.Equal(new DateOnly(2026, 6, 10), TriggerClock.Latest(daily, Shanghai, Utc(2026, 6, 1), Utc(2026, 6, 10, 13))!.Value.Date);
    }
}
