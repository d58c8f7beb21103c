using PrivateDomain.Contracts;
using PrivateDomain.Grains.Cadence;
using PrivateDomain.Grains.Groups.Cadence;
using PrivateDomain.Grains.Groups.Sop;
using PrivateDomain.Grains.State;

namespace PrivateDomain.Tests.Unit.Groups;

public sealed class SopScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = LocalTime.Zone("Asia/Shanghai");
    private static readonly GroupCadence Cadence = new(GroupCadenceSettings.Default);

    /// <summary>A Shanghai wall-clock instant in March 2026 (UTC+8, no DST); 10 March 2026 is a Tuesday.</summary>
    private static DateTimeOffset Sh(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static SopItem Item(string id, string schedule, string kind = SopKinds.Topic) => new(id, kind, $"text {id}", schedule);

    [Theory]
    [InlineData("09:00", null, 9, 0)]
    [InlineData("Mon 19:30", DayOfWeek.Monday, 19, 30)]
    [InlineData("sun 07:05", DayOfWeek.Sunday, 7, 5)]
    public void Schedules_parse_daily_and_weekly(string text, DayOfWeek? day, int hour, int minute)
    {
        Assert.True(SopCalendar.TryParse(text, out var parsedDay, out var time));
        Assert.Equal((day, new TimeOnly(hour, minute)), (parsedDay, time));
    }

    [Theory]
    [InlineData("9:00")]
    [InlineData("25:00")]
    [InlineData("Monday 09:00")]
    [InlineData("Mon 09:00 x")]
    [InlineData("")]
    public void Malformed_schedules_are_refused(string text) => Assert.False(SopCalendar.TryParse(text, out _, out _));

    [Fact]
    public void The_next_daily_occurrence_is_the_next_local_day_at_its_time()
    {
        Assert.Equal(new SopOccurrence(new DateOnly(2026, 3, 11), Sh(11, 9)), SopCalendar.NextAfter(Item("a", "09:00"), new DateOnly(2026, 3, 10), Shanghai));
    }

    [Fact]
    public void A_weekly_item_occurs_on_its_weekday_only()
    {
        // Tuesday the 10th → the next Monday is the 16th.
        Assert.Equal(Sh(16, 19, 30), SopCalendar.NextAfter(Item("w", "Mon 19:30"), new DateOnly(2026, 3, 10), Shanghai)?.At);
        Assert.Equal(Sh(9, 19, 30), SopCalendar.Latest(Item("w", "Mon 19:30"), Sh(10, 12), Shanghai)?.At);
    }

    [Fact]
    public void Start_and_end_dates_bound_the_occurrences()
    {
        var item = Item("a", "09:00") with { StartDate = new DateOnly(2026, 3, 20), EndDate = new DateOnly(2026, 3, 21) };
        Assert.Equal(Sh(20, 9), SopCalendar.NextAfter(item, new DateOnly(2026, 3, 10), Shanghai)?.At);
        Assert.Null(SopCalendar.NextAfter(item, new DateOnly(2026, 3, 21), Shanghai));
    }

    [Fact]
    public void A_dst_zone_posts_at_the_local_time_on_both_sides_of_the_change()
    {
        var newYork = LocalTime.Zone("America/New_York");
        var item = Item("a", "09:00");
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 9, 0, 0, TimeSpan.FromHours(-5)), SopCalendar.NextAfter(item, new DateOnly(2026, 3, 6), newYork)?.At);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.FromHours(-4)), SopCalendar.NextAfter(item, new DateOnly(2026, 3, 8), newYork)?.At);
    }

    [Fact]
    public void A_new_item_starts_after_what_is_already_past_and_is_due_at_its_time()
    {
        var s = new GroupScheduleState();
        SopPlanner.SetItems(s, [Item("early", "08:30"), Item("late", "10:00")], Sh(10, 9), Shanghai);
        Assert.Equal(Sh(10, 10), SopPlanner.NextDue(s, Shanghai));
        Assert.Empty(SopPlanner.Wake(s, Cadence, "g", Sh(10, 9, 59)));
    }

    [Fact]
    public void A_due_item_posts_once_even_when_woken_twice()
    {
        var s = new GroupScheduleState();
        SopPlanner.SetItems(s, [Item("a", "10:00")], Sh(10, 9), Shanghai);

        var first = SopPlanner.Wake(s, Cadence, "g", Sh(10, 10));
        var second = SopPlanner.Wake(s, Cadence, "g", Sh(10, 10, 1));

        var post = Assert.Single(first);
        Assert.Equal((SopOutcomes.Post, "sop:g:a:2026-03-10", Sh(10, 10)), (post.Outcome, post.DeliveryId, post.At));
        Assert.Empty(second);
        Assert.Equal(Sh(11, 10), SopPlanner.NextDue(s, Shanghai));
    }

    [Fact]
    public void An_item_in_quiet_hours_is_deferred_to_their_end_and_posted_then()
    {
        var s = new GroupScheduleState();
        SopPlanner.SetItems(s, [Item("night", "23:00")], Sh(10, 12), Shanghai);

        var deferred = Assert.Single(SopPlanner.Wake(s, Cadence, "g", Sh(10, 23)));
        Assert.Equal((SopOutcomes.Deferred, Sh(11, 8)), (deferred.Outcome, deferred.At));
        Assert.Equal(Sh(11, 8), SopPlanner.NextDue(s, Shanghai));
        var posted = Assert.Single(SopPlanner.Wake(s, Cadence, "g", Sh(11, 8)));
        Assert.Equal((SopOutcomes.Post, "sop:g:night:2026-03-10"), (posted.Outcome, posted.DeliveryId));
        Assert.Equal(Sh(11, 23), SopPlanner.NextDue(s, Shanghai));
    }

    [Fact]
    public void After_downtime_only_the_latest_missed_occurrence_counts_and_only_within_the_grace()
    {
        var s = new GroupScheduleState();
        SopPlanner.SetItems(s, [Item("a", "10:00"), Item("b", "11:00")], Sh(10, 9), Shanghai);

        // Down from the 10th to the 13th at 12:30: a's 10:00 is 2.5 h late (skipped), b's 11:00 is 1.5 h late (posted).
        var decisions = SopPlanner.Wake(s, Cadence, "g", Sh(13, 12, 30));

        Assert.Equal([("a", SopOutcomes.SkippedLate, new DateOnly(2026, 3, 13)), ("b", SopOutcomes.Post, new DateOnly(2026, 3, 13))],
            decisions.Select(d => (d.Item.Id, d.Outcome, d.Occurrence)));
        Assert.Equal(Sh(14, 10), SopPlanner.NextDue(s, Shanghai));
    }

    [Fact]
    public void A_check_in_streak_grows_on_consecutive_days_and_a_missed_day_starts_it_over()
    {
        var streak = new CheckinStreak();
        var day = new DateOnly(2026, 3, 10);
        Assert.True(GroupCheckins.Advance(streak, day));
        Assert.False(GroupCheckins.Advance(streak, day));
        Assert.True(GroupCheckins.Advance(streak, day.AddDays(1)));
        Assert.Equal((2, day, 2), (streak.Streak, streak.StreakStart, streak.Total));
        Assert.Equal(2, GroupCheckins.Current(streak, day.AddDays(2)));
        Assert.Equal(0, GroupCheckins.Current(streak, day.AddDays(3)));

        Assert.True(GroupCheckins.Advance(streak, day.AddDays(3)));
        Assert.Equal((1, day.AddDays(3), 3), (streak.Streak, streak.StreakStart, streak.Total));
    }

    [Theory]
    [InlineData("""[{"Id":"","Kind":"topic","Text":"t","Schedule":"09:00"}]""", "items[0].id")]
    [InlineData("""[{"Id":"a","Kind":"poll","Text":"t","Schedule":"09:00"}]""", "items[0].kind")]
    [InlineData("""[{"Id":"a","Kind":"topic","Text":"t","Schedule":"9am"}]""", "items[0].schedule")]
    [InlineData("""[{"Id":"a","Kind":"topic","Text":"t","Schedule":"09:00"},{"Id":"a","Kind":"topic","Text":"t","Schedule":"09:00"}]""", "items[1].id")]
    [InlineData("""[{"Id":"a","Kind":"checkin","Text":"t","Schedule":"09:00","Rewards":[{"Days":0,"Text":"x"}]}]""", "items[0].rewards[0].days")]
    public void Validation_names_the_first_bad_field(string json, string field)
    {
        var items = System.Text.Json.JsonSerializer.Deserialize<List<SopItem>>(json)!;
        Assert.Equal(field, SopCalendar.Validate(items)?.Field);
    }
}
