using PrivateDomain.Grains.Cadence;
using static PrivateDomain.Tests.Unit.Cadence.CadenceKit;

namespace PrivateDomain.Tests.Unit.Cadence;

public sealed class QuietHoursTests
{
    private static readonly CadencePolicy Night = QuietOnly(21, 30, 8, 30);

    [Fact]
    public void Evening_touch_is_deferred_to_the_next_morning_local_time()
    {
        var decision = Apply(new CadenceLedgerState(), Marketing(Sh(3, 2, 22)), Night);

        Assert.Equal((CadenceOutcome.Defer, CadenceReasons.QuietHours), (decision.Outcome, decision.Reason));
        Assert.Equal(Sh(3, 3, 8, 30), decision.Until);
        Assert.Contains("2026-03-03 08:30 Asia/Shanghai", decision.Text);
    }

    [Fact]
    public void Touch_after_midnight_is_deferred_to_the_same_morning()
    {
        Assert.Equal(Sh(3, 3, 8, 30), Apply(new CadenceLedgerState(), Marketing(Sh(3, 3, 2)), Night).Until);
    }

    [Theory]
    [InlineData(8, 30)]
    [InlineData(14, 0)]
    [InlineData(21, 29)]
    public void Touch_outside_quiet_hours_is_sent(int hour, int minute)
    {
        Assert.Equal(CadenceOutcome.Send, Apply(new CadenceLedgerState(), Marketing(Sh(3, 2, hour, minute)), Night).Outcome);
    }

    [Fact]
    public void Quiet_hours_apply_to_service_touches_too()
    {
        Assert.Equal(CadenceOutcome.Defer, Apply(new CadenceLedgerState(), Service(Sh(3, 2, 23)), Night).Outcome);
    }

    [Fact]
    public void Quiet_hours_follow_the_customers_time_zone()
    {
        var at = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero); // 22:00 Shanghai, 09:00 New York

        Assert.Equal(CadenceOutcome.Defer, Apply(new CadenceLedgerState(), Marketing(at), Night, Shanghai).Outcome);
        Assert.Equal(CadenceOutcome.Send, Apply(new CadenceLedgerState(), Marketing(at), Night, NewYork).Outcome);
    }

    [Fact]
    public void Quiet_night_spanning_the_spring_forward_ends_at_local_morning_daylight_time()
    {
        var saturdayNight = new DateTimeOffset(2026, 3, 7, 23, 0, 0, TimeSpan.FromHours(-5));

        var decision = Apply(new CadenceLedgerState(), Marketing(saturdayNight), Night, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 8, 30, 0, TimeSpan.FromHours(-4)), decision.Until);
    }

    [Fact]
    public void Quiet_night_spanning_the_fall_back_ends_at_local_morning_standard_time()
    {
        var saturdayNight = new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.FromHours(-4));

        var decision = Apply(new CadenceLedgerState(), Marketing(saturdayNight), Night, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 30, 0, TimeSpan.FromHours(-5)), decision.Until);
    }

    [Fact]
    public void Quiet_end_skipped_by_the_spring_forward_resolves_to_the_end_of_the_gap()
    {
        var policy = QuietOnly(22, 0, 2, 30);
        var beforeGap = new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.FromHours(-5));

        var decision = Apply(new CadenceLedgerState(), Marketing(beforeGap), policy, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)), decision.Until);
    }

    [Fact]
    public void Quiet_hours_within_one_day_do_not_span_midnight()
    {
        var lunch = QuietOnly(12, 0, 14, 0);

        Assert.Equal(Sh(3, 2, 14), Apply(new CadenceLedgerState(), Marketing(Sh(3, 2, 12, 30)), lunch).Until);
        Assert.Equal(CadenceOutcome.Send, Apply(new CadenceLedgerState(), Marketing(Sh(3, 2, 23)), lunch).Outcome);
    }

    [Fact]
    public void Cap_that_frees_during_quiet_hours_defers_to_the_end_of_them()
    {
        var state = new CadenceLedgerState();
        var policy = Night with { Caps = [FrequencyCap.Marketing("marketing_25h", 1, TimeSpan.FromHours(25))] };
        Apply(state, Marketing(Sh(3, 2, 21)), policy); // frees at 22:00 the next day, inside quiet hours

        var next = Apply(state, Marketing(Sh(3, 3, 9)), policy);

        Assert.Equal((CadenceReasons.CapReached, Sh(3, 4, 8, 30)), (next.Reason, next.Until!.Value));
    }

    [Fact]
    public void Planned_date_at_a_local_time_resolves_across_daylight_saving()
    {
        Assert.Equal(TimeSpan.FromHours(-5), LocalTime.At(new DateOnly(2026, 3, 7), new TimeOnly(10, 0), NewYork).Offset);
        Assert.Equal(TimeSpan.FromHours(-4), LocalTime.At(new DateOnly(2026, 3, 8), new TimeOnly(10, 0), NewYork).Offset);
        Assert.Equal(TimeSpan.FromHours(-4), LocalTime.At(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), NewYork).Offset);
    }

    [Fact]
    public void Unknown_time_zone_id_falls_back_to_the_tenant_default()
    {
        Assert.Equal("Asia/Shanghai", LocalTime.Zone("Mars/Olympus_Mons").Id);
        Assert.Equal("America/New_York", LocalTime.Zone("America/New_York").Id);
    }
}
