using System.Diagnostics;
using PrivateDomain.Grains.Groups.Moderation;

namespace PrivateDomain.Tests.Unit.Groups;

/// <summary>The anti-harassment rules, decided with no infrastructure.</summary>
public sealed class ModerationRulesTests
{
    private static readonly DateTimeOffset T0 = Ev.T0;
    private static readonly ModerationSender Member = new(false, false, T0.AddDays(-30));

    private static readonly ModerationPolicy Strict = new()
    {
        Words = [new("加微信"), new("fool"), new("滚出去", ModerationAction.Remove)],
        BlockLinks = true,
        AllowedDomains = ["brand.com"],
        BlockQrCodes = true,
        Steps = [ModerationAction.Warn, ModerationAction.Delete, ModerationAction.Remove],
    };

    private static ModerationDecision Decide(ModerationPolicy p, string text, MemberStanding? standing = null, ModerationSender? sender = null,
        DateTimeOffset? at = null, string? type = null, bool qr = false, string? url = null) =>
        ModerationRules.Decide(p, standing ?? new MemberStanding(), new ModerationMessage(sender ?? Member, text, type, qr, url), at ?? T0);

    [Theory]
    [InlineData("快加微信领红包")]
    [InlineData("快加 微-信 领红包")]
    [InlineData("快加\u200B微信")]
    [InlineData("You FOOL")]
    [InlineData("you ｆｏｏｌ")]
    public void Sensitive_words_match_case_width_separator_and_invisible_character_variants(string text)
    {
        var d = Decide(Strict, text);

        Assert.Equal((ModerationAction.Warn, ModerationRuleCodes.SensitiveWord), (d.Action, d.Rule));
    }

    [Fact]
    public void A_word_with_its_own_action_takes_it_at_once()
    {
        var d = Decide(Strict, "你滚出去 fool");

        Assert.Equal((ModerationAction.Remove, ModerationRuleCodes.SensitiveWord, 1), (d.Action, d.Rule, d.Strikes));
        Assert.Contains("滚出去", d.Reason);
    }

    [Theory]
    [InlineData("看这里 https://evil.example/x", "evil.example")]
    [InlineData("上 evil.com 领券", "evil.com")]
    [InlineData("ＷＷＷ．ＥＶＩＬ．ＣＯＭ", "www.evil.com")]
    [InlineData("http://10.0.0.1/a", "10.0.0.1")]
    [InlineData("文章 https://mp.weixin.qq.com/s/abc", "mp.weixin.qq.com")]
    public void Links_to_domains_off_the_allow_list_are_spam(string text, string host)
    {
        var d = Decide(Strict, text);

        Assert.Equal(ModerationRuleCodes.Link, d.Rule);
        Assert.Contains(host, d.Reason);
    }

    [Theory]
    [InlineData("官网 https://shop.brand.com/a")]
    [InlineData("brand.com")]
    [InlineData("版本 3.14 和 v1.2 都好")]
    [InlineData("file.txt e.g. 好")]
    public void Allowed_domains_and_things_that_only_look_dotted_pass(string text) =>
        Assert.Equal(ModerationAction.None, Decide(Strict, text).Action);

    [Fact]
    public void WeChat_articles_and_mini_programs_count_as_links_unless_allowed()
    {
        var allowing = Strict with { AllowWeChatArticles = true, AllowMiniPrograms = true };

        Assert.Equal(ModerationRuleCodes.Link, Decide(Strict, "[小程序]", type: "miniprogram").Rule);
        Assert.Equal(ModerationRuleCodes.Link, Decide(Strict, "#小程序://商城/abc").Rule);
        Assert.Equal(ModerationAction.None, Decide(allowing, "https://mp.weixin.qq.com/s/abc").Action);
        Assert.Equal(ModerationAction.None, Decide(allowing, "[小程序]", type: "miniprogram").Action);
        Assert.Equal(ModerationAction.None, Decide(ModerationPolicy.Default, "https://evil.com").Action);
    }

    [Fact]
    public void An_image_flagged_as_a_qr_code_or_text_naming_a_qr_service_is_qr_spam()
    {
        Assert.Equal(ModerationRuleCodes.QrCode, Decide(Strict, "[图片]", type: "image", qr: true).Rule);
        Assert.Equal(ModerationRuleCodes.QrCode, Decide(Strict, "扫 码 进群").Rule);
        Assert.Equal(ModerationRuleCodes.QrCode, Decide(Strict, "see my QR code").Rule);
        Assert.Equal(ModerationAction.None, Decide(Strict, "[图片]", type: "image").Action);
        Assert.Equal(ModerationAction.None, Decide(Strict with { BlockQrCodes = false }, "[图片]", type: "image", qr: true).Action);
    }

    [Fact]
    public void Flood_offends_once_per_limits_worth_of_messages_within_the_window()
    {
        var p = ModerationPolicy.Default;
        var standing = new MemberStanding();

        var burst = Enumerable.Range(0, 12).Select(i => Decide(p, "hi", standing, at: T0.AddSeconds(i))).ToList();
        var later = Decide(p, "hi", standing, at: T0.AddMinutes(10));

        Assert.Equal([4, 9], burst.Select((d, i) => (d, i)).Where(x => x.d.Rule == ModerationRuleCodes.Flood).Select(x => x.i));
        Assert.Equal("sent 5 messages within 60 s", burst[4].Reason);
        Assert.Equal(ModerationAction.None, later.Action);
    }

    [Fact]
    public void A_slow_member_never_floods()
    {
        var standing = new MemberStanding();

        var decisions = Enumerable.Range(0, 20).Select(i => Decide(ModerationPolicy.Default, "hi", standing, at: T0.AddSeconds(i * 20))).ToList();

        Assert.All(decisions, d => Assert.Equal(ModerationAction.None, d.Action));
    }

    [Fact]
    public void New_members_may_not_post_links_or_images_during_the_mute_or_anything_when_muted_all()
    {
        var p = new ModerationPolicy { NewMemberMute = TimeSpan.FromMinutes(10), FloodMaxMessages = 0 };
        var newcomer = new ModerationSender(false, false, T0.AddMinutes(-3));

        Assert.Equal(ModerationRuleCodes.NewMemberMuted, Decide(p, "看 https://brand.com", sender: newcomer).Rule);
        Assert.Equal(ModerationRuleCodes.NewMemberMuted, Decide(p, "[图片]", sender: newcomer, type: "image").Rule);
        Assert.Equal(ModerationAction.None, Decide(p, "大家好", sender: newcomer).Action);
        Assert.Equal(ModerationRuleCodes.NewMemberMuted, Decide(p with { NewMemberMuteAll = true }, "大家好", sender: newcomer).Rule);
        Assert.Equal(ModerationAction.None, Decide(p, "看 https://brand.com", sender: newcomer, at: T0.AddMinutes(8)).Action);
    }

    [Fact]
    public void Offences_escalate_through_the_steps_within_the_window_and_start_over_after_it()
    {
        var standing = new MemberStanding();

        var actions = new[] { 0, 1, 2, 3 }.Select(i => Decide(Strict, "fool", standing, at: T0.AddHours(i)).Action).ToList();
        var afterWindow = Decide(Strict, "fool", standing, at: T0.AddHours(3 + 25));

        Assert.Equal([ModerationAction.Warn, ModerationAction.Delete, ModerationAction.Remove, ModerationAction.Remove], actions);
        Assert.Equal((ModerationAction.Warn, 1), (afterWindow.Action, afterWindow.Strikes));
        Assert.NotNull(standing.RemovingSince);
    }

    [Fact]
    public void The_owner_persona_and_admins_are_exempt_unless_admins_are_not()
    {
        var admin = new ModerationSender(false, true, T0.AddDays(-1));
        var owner = new ModerationSender(true, false, null);

        Assert.Equal(ModerationAction.None, Decide(Strict, "fool https://evil.com", sender: owner).Action);
        Assert.Equal(ModerationAction.None, Decide(Strict, "fool https://evil.com", sender: admin).Action);
        Assert.Equal(ModerationRuleCodes.SensitiveWord, Decide(Strict with { ExemptAdmins = false }, "fool", sender: admin).Rule);
        Assert.Equal(ModerationAction.None, Decide(Strict with { Enabled = false }, "fool").Action);
    }

    [Fact]
    public void The_same_inputs_decide_alike_so_a_replay_repeats_the_decision()
    {
        DecisionsFrom(new MemberStanding()).SequenceEqual(DecisionsFrom(new MemberStanding()));
        Assert.Equal(DecisionsFrom(new MemberStanding()), DecisionsFrom(new MemberStanding()));

        static List<ModerationDecision> DecisionsFrom(MemberStanding s) =>
            Enumerable.Range(0, 30).Select(i => Decide(Strict, i % 7 == 0 ? "fool" : "hello", s, at: T0.AddSeconds(i))).ToList();
    }

    [Fact]
    public void Hostile_input_is_decided_quickly_and_without_error()
    {
        var random = new Random(20261122);
        Console.WriteLine("seed 20261122");
        var words = Enumerable.Range(0, 2_000).Select(i => new SensitiveWord($"词{i}x{random.Next(1_000_000)}")).ToList();
        var big = Strict with { Words = [.. words, new("最后的词")] };
        var huge = new string('a', 500_000) + string.Concat(Enumerable.Repeat("a.", 100_000)) + "最后的词";
        var odd = "\uD800 \u0301\u0301\u0301 \u202E\uFEFF 👨‍👩‍👧 \u0000 ｈｔｔｐ：／／ｅｖｉｌ．ｃｏｍ";

        var started = Stopwatch.GetTimestamp();
        var hugeDecision = Decide(big, huge);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var oddDecision = Decide(Strict, odd);

        Assert.Equal(ModerationRuleCodes.SensitiveWord, hugeDecision.Rule);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"700 KB took {elapsed.TotalMilliseconds} ms");
        Assert.Equal(ModerationRuleCodes.Link, oddDecision.Rule);
        Assert.Equal(ModerationAction.None, Decide(Strict, "").Action);
    }

    [Fact]
    public void A_typical_message_is_decided_in_microseconds_against_a_large_word_list()
    {
        var big = Strict with { Words = Enumerable.Range(0, 5_000).Select(i => new SensitiveWord($"敏感{i}词")).ToList() };
        var standing = new MemberStanding();
        Decide(big, "warm up", standing);

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 10_000; i++) Decide(big, "今天的直播几点开始？我想买那款面霜，有优惠吗 https://brand.com/x", standing, at: T0.AddSeconds(i * 30));
        var perMessage = Stopwatch.GetElapsedTime(started) / 10_000;

        Console.WriteLine($"{perMessage.TotalMicroseconds:F1} µs per message");
        Assert.True(perMessage < TimeSpan.FromMilliseconds(1), $"{perMessage.TotalMicroseconds} µs per message");
    }
}
