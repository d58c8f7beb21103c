using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Gateway.Demo;

/// <summary>The demo personas' script libraries (话术): a few realistic scripts each, created once (edits survive restarts).</summary>
public static class DemoScripts
{
    public static readonly (string Persona, string Id, ScriptDraft Draft)[] Scripts =
    [
        ("p1", "welcome", new ScriptDraft("欢迎语 Welcome", "Greeting",
            "{{customer.name}}你好呀～我是{{persona.name}}，以后护肤上的问题都可以问我哦 🌸")),
        ("p1", "sensitive-skin", new ScriptDraft("敏感肌推荐 Sensitive skin", "Product advice",
            "{{customer.name}}，敏感肌建议先用精华小样在耳后试用 2–3 天，没有泛红再全脸使用。这是使用指南：",
            LinkUrl: "https://demo.privatedomain.test/m/serum-guide", LinkTitle: "精华使用指南 Serum guide", MaterialId: "serum-guide")),
        ("p1", "member-day", new ScriptDraft("会员日 Member day", "Promotion",
            "本周六是会员日，全场 8 折，线上线下都能用～需要我帮你预留吗？",
            ImageUrl: "https://demo.privatedomain.test/img/member-day.jpg", MaterialId: "member-day-coupon")),
        ("p1", "shipping", new ScriptDraft("物流查询 Where is my parcel", "After-sales",
            "我帮你查一下物流，稍等哦～一般下单后 48 小时内发货，可以在小程序「我的订单」里看到单号。")),
        ("p1", "store-hours", new ScriptDraft("门店营业时间 Store hours", "Store",
            "门店营业时间是每天 10:00–22:00，周末人多，建议工作日来体验哦～")),
        ("p2", "welcome", new ScriptDraft("欢迎语 Welcome", "Greeting",
            "{{customer.name}}您好，我是{{persona.name}}。宝宝的睡眠、喂养问题都可以随时留言，我会尽快回复。")),
        ("p2", "sleep-tips", new ScriptDraft("夜醒建议 Night waking", "Advice",
            "夜醒很常见，先别着急。可以试试固定睡前流程（洗澡→换睡衣→讲故事），这份小贴士您可以先看看：",
            LinkUrl: "https://demo.privatedomain.test/m/baby-sleep-tips", LinkTitle: "宝宝睡眠小贴士", MaterialId: "baby-sleep-tips")),
        ("p2", "hand-over", new ScriptDraft("转人工 Follow-up", "After-sales",
            "收到，这个问题我记下了，{{agent.name}}今天会给您详细回复。")),
    ];

    /// <summary>Creates the scripts that do not exist yet (version 0: create only), leaving agents' edits alone.</summary>
    public static async Task SeedAsync(IGrainFactory grains, string tenantId)
    {
        foreach (var (persona, id, draft) in Scripts)
            await grains.GetGrain<IScriptLibraryGrain>(TenantKey.Compose(tenantId, persona)).SaveAsync(id, draft, 0, "demo");
    }
}
