using PrivateDomain.Grains.Cadence;
using static PrivateDomain.Tests.Unit.Cadence.CadenceKit;

namespace PrivateDomain.Tests.Unit.Cadence;

public sealed class FrequencyCapTests
{
    private static readonly FrequencyCap Marketing24H = FrequencyCap.Marketing("marketing_24h", 2, TimeSpan.FromHours(24));
    private static readonly FrequencyCap Marketing7D = FrequencyCap.Marketing("marketing_7d", 4, TimeSpan.FromDays(7));

    [Fact]
    public void Touch_over_a_rolling_cap_is_deferred_until_the_oldest_send_ages_out()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H);
        Apply(state, Marketing(Sh(3, 2, 10)), policy);
        Apply(state, Marketing(Sh(3, 2, 12)), policy);

        var third = Apply(state, Marketing(Sh(3, 2, 14)), policy);

        Assert.Equal(CadenceOutcome.Defer, third.Outcome);
        Assert.Equal(CadenceReasons.CapReached, third.Reason);
        Assert.Equal("marketing_24h", third.Detail);
        Assert.Equal(Sh(3, 3, 10), third.Until);
    }

    [Fact]
    public void Rolling_window_frees_exactly_when_the_oldest_send_leaves_it()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H);
        Apply(state, Marketing(Sh(3, 2, 10)), policy);
        Apply(state, Marketing(Sh(3, 2, 12)), policy);

        Assert.Equal(CadenceOutcome.Defer, Apply(state, Marketing(Sh(3, 3, 9, 59)), policy).Outcome);
        Assert.Equal(CadenceOutcome.Send, Apply(state, Marketing(Sh(3, 3, 10)), policy).Outcome);
    }

    [Fact]
    public void Capped_touch_that_cannot_wait_long_enough_is_skipped_naming_the_cap_and_window()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H) with { MaxDeferral = TimeSpan.FromHours(1) };
        Apply(state, Marketing(Sh(3, 2, 10)), policy);
        Apply(state, Marketing(Sh(3, 2, 12)), policy);

        var third = Apply(state, Marketing(Sh(3, 2, 14)), policy);

        Assert.Equal(CadenceOutcome.Skip, third.Outcome);
        Assert.Equal(CadenceReasons.CapReached, third.Reason);
        Assert.Equal("marketing_24h", third.Detail);
        Assert.Contains("2 per 24 h", third.Text);
        Assert.Empty(state.Deferred);
    }

    [Fact]
    public void Seven_day_cap_counts_sends_spread_over_several_days()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H, Marketing7D);
        for (var day = 2; day <= 5; day++)
            Assert.Equal(CadenceOutcome.Send, Apply(state, Marketing(Sh(3, day, 11)), policy).Outcome);

        var fifth = Apply(state, Marketing(Sh(3, 6, 11)), policy);

        Assert.Equal("marketing_7d", fifth.Detail);
        Assert.Equal(Sh(3, 9, 11), fifth.Until);
    }

    [Fact]
    public void Channel_cap_limits_only_its_own_channel()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(FrequencyCap.Marketing("sms_7d", 1, TimeSpan.FromDays(7), CadenceChannels.Sms));
        Apply(state, Marketing(Sh(3, 2, 10), channel: CadenceChannels.Sms), policy);

        var sms = Apply(state, Marketing(Sh(3, 2, 11), channel: CadenceChannels.Sms), policy);
        var wecom = Apply(state, Marketing(Sh(3, 2, 11), channel: CadenceChannels.WeComDirect), policy);
        var mention = Apply(state, Marketing(Sh(3, 2, 11), channel: CadenceChannels.GroupMention), policy);

        Assert.Equal("sms_7d", sms.Detail);
        Assert.Equal(CadenceOutcome.Send, wecom.Outcome);
        Assert.Equal(CadenceOutcome.Send, mention.Outcome);
    }

    [Fact]
    public void Service_touch_bypasses_full_marketing_caps()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H, Marketing7D);
        Apply(state, Marketing(Sh(3, 2, 10)), policy);
        Apply(state, Marketing(Sh(3, 2, 11)), policy);

        Assert.Equal(CadenceOutcome.Defer, Apply(state, Marketing(Sh(3, 2, 12)), policy).Outcome);
        Assert.Equal(CadenceOutcome.Send, Apply(state, Service(Sh(3, 2, 12)), policy).Outcome);
    }

    [Fact]
    public void Service_touches_count_against_their_own_cap_and_not_against_marketing()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H, FrequencyCap.Service("service_24h", 1, TimeSpan.FromHours(24)));
        Apply(state, Service(Sh(3, 2, 10)), policy);

        Assert.Equal("service_24h", Apply(state, Service(Sh(3, 2, 11)), policy).Detail);
        Assert.Equal(CadenceOutcome.Send, Apply(state, Marketing(Sh(3, 2, 11)), policy).Outcome);
        Assert.Equal(CadenceOutcome.Send, Apply(state, Marketing(Sh(3, 2, 12)), policy).Outcome);
    }

    [Fact]
    public void Cap_without_a_class_counts_service_touches_too()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(new FrequencyCap("any_24h", 1, TimeSpan.FromHours(24)));
        Apply(state, Service(Sh(3, 2, 10)), policy);

        Assert.Equal("any_24h", Apply(state, Marketing(Sh(3, 2, 11)), policy).Detail);
    }

    [Fact]
    public void Mass_daily_cap_allows_one_mass_message_per_day_but_not_other_touches()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(FrequencyCap.Mass("mass_day", 1, TimeSpan.FromHours(24)));
        Apply(state, Marketing(Sh(3, 2, 10), mass: true), policy);

        var secondMass = Apply(state, Marketing(Sh(3, 2, 15), mass: true), policy);
        var oneToOne = Apply(state, Marketing(Sh(3, 2, 15)), policy);

        Assert.Equal(("mass_day", Sh(3, 3, 10)), (secondMass.Detail, secondMass.Until!.Value));
        Assert.Equal(CadenceOutcome.Send, oneToOne.Outcome);
    }

    [Fact]
    public void Mass_weekly_cap_holds_back_mass_messages_until_the_week_frees()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(FrequencyCap.Mass("mass_day", 1, TimeSpan.FromHours(24)), FrequencyCap.Mass("mass_week", 2, TimeSpan.FromDays(7)));
        Apply(state, Marketing(Sh(3, 2, 10), mass: true), policy);
        Apply(state, Marketing(Sh(3, 3, 10), mass: true), policy);

        var third = Apply(state, Marketing(Sh(3, 4, 10), mass: true), policy);

        Assert.Equal(("mass_week", Sh(3, 9, 10)), (third.Detail, third.Until!.Value));
    }

    [Fact]
    public void Mass_monthly_cap_counts_service_mass_messages_as_well()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(FrequencyCap.Mass("mass_month", 4, TimeSpan.FromDays(31)));
        Apply(state, Marketing(Sh(3, 1, 10), mass: true), policy);
        Apply(state, Service(Sh(3, 8, 10), mass: true), policy);
        Apply(state, Marketing(Sh(3, 15, 10), mass: true), policy);
        Apply(state, Service(Sh(3, 22, 10), mass: true), policy);

        var fifth = Apply(state, Service(Sh(3, 29, 10), mass: true), policy);

        Assert.Equal(("mass_month", Sh(4, 1, 10)), (fifth.Detail, fifth.Until!.Value));
    }

    [Fact]
    public void Caps_are_shared_across_two_journeys_and_a_campaign()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H);

        var fromA = Apply(state, Marketing(Sh(3, 2, 10), source: JourneyA), policy);
        var fromB = Apply(state, Marketing(Sh(3, 2, 11), source: JourneyB), policy);
        var fromCampaign = Apply(state, Marketing(Sh(3, 2, 12), source: CampaignC, mass: true), policy);

        Assert.Equal([CadenceOutcome.Send, CadenceOutcome.Send, CadenceOutcome.Defer], [fromA.Outcome, fromB.Outcome, fromCampaign.Outcome]);
        Assert.Equal(Sh(3, 3, 10), fromCampaign.Until);
        Assert.Equal([JourneyA, JourneyB, CampaignC], state.History.Select(h => h.Touch.Source));
    }

    [Fact]
    public void Minimum_gap_defers_a_touch_that_follows_too_closely()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly() with { MinGap = TimeSpan.FromMinutes(30) };
        Apply(state, Service(Sh(3, 2, 10)), policy);

        var next = Apply(state, Marketing(Sh(3, 2, 10, 10)), policy);

        Assert.Equal((CadenceReasons.MinGap, Sh(3, 2, 10, 30)), (next.Reason, next.Until!.Value));
    }

    [Fact]
    public void Sends_older_than_the_longest_window_are_pruned_from_state()
    {
        var state = new CadenceLedgerState();
        var policy = CapsOnly(Marketing24H, Marketing7D);
        Apply(state, Marketing(Sh(3, 1, 10)), policy);
        Apply(state, Marketing(Sh(3, 5, 10)), policy);
        Apply(state, Marketing(Sh(3, 9, 10)), policy);

        Assert.Equal([Sh(3, 5, 10), Sh(3, 9, 10)], state.Sent.Select(s => s.At));
    }
}
