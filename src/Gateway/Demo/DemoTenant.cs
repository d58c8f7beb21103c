namespace PrivateDomain.Gateway.Demo;

/// <summary>The shape of the demo tenant: two personas, each run by two agents, with their groups and customers.</summary>
public static class DemoTenant
{
    public static readonly (string Id, string Name, string[] Agents)[] Personas =
    [
        ("p1", "小丸子 Xiao Wanzi · beauty advisor", ["a1", "a2"]),
        ("p2", "林医生 Dr. Lin · parenting advisor", ["a3", "a4"]),
    ];

    public static readonly (string Id, string Name)[] Agents =
    [
        ("a1", "Amy 王"), ("a2", "Bo 李"), ("a3", "Chen 陈"), ("a4", "Dan 赵"),
    ];

    public static readonly string[] Sources = ["store_qr", "live_stream", "official_account", "package_card", "website", "group_buy"];

    public static readonly string[] Materials = ["spring-lookbook", "serum-guide", "baby-sleep-tips", "member-day-coupon", "filter-care"];

    public static readonly string[] Lines =
    [
        "请问这个精华适合敏感肌吗？", "What time does the store open tomorrow?", "我的快递到哪了", "有没有会员日优惠？",
        "Thanks, got it!", "宝宝晚上总是醒怎么办", "Can I still join the group buy?", "这款有小样吗", "收到啦，谢谢小丸子",
        "Is the coupon valid online too?", "想了解一下滤芯多久换一次", "好的，我周末去店里看看",
    ];

    /// <summary>Display names ({{customer.name}} in journey templates reads the "name" property).</summary>
    public static readonly string[] Names =
    [
        "王芳", "李娜", "张敏", "刘洋", "陈静", "杨丽", "Grace Zhou", "Mia Huang", "赵雪", "孙悦", "Lily Wu", "周婷", "吴倩", "Emma Xu",
    ];

    /// <summary>
    /// Customers' time zones (the "timezone" property), taken in turn: most are in China, some abroad. Quiet hours
    /// (21:30–08:30 local) never cover all three at once, so at any hour some welcome messages send and others defer.
    /// </summary>
    public static readonly string[] Zones = ["Asia/Shanghai", "Europe/London", "America/Los_Angeles"];

    /// <summary>The tag the six-interactions example journey enters on.</summary>
    public const string SuperUserTag = "super_user";

    /// <summary>Replies a new friend sends to the welcome message ("1"/"skin…" and "2"/"make…" tag by interest).</summary>
    public static readonly string[] Replies = ["1", "2", "想了解一下 skincare", "make-up tips please", "谢谢！", "好的"];

    /// <summary>Air purifiers sold (a purchase with category air_purifier enters the filter-change reminder).</summary>
    public static readonly string[] Purifiers = ["AirPure 300", "AirPure 500 Pro"];

    public static readonly string[] Categories = ["skincare", "makeup", "baby_care"];

    public static string Customer(int i) => $"c{i:D4}";

    /// <summary>A customer added by live traffic: unique per run, so each run's new friends enter the welcome journey.</summary>
    public static string NewCustomer(string run, long k) => $"n{run}-{k:D5}";

    public static string Group(int i) => $"g{i:D2}";

    /// <summary>The live-code pool of the first persona's groups (the welcome journey's add_to_group step).</summary>
    public const string SkincarePool = "skincare-fans";

    /// <summary>The webhook secret the filter-change reminder signs with.</summary>
    public const string CrmWebhookSecret = "crm-webhook";

    /// <summary>Customers are split evenly between the personas; within a persona, alternately between its agents.</summary>
    public static (string Persona, string Agent) OwnerOf(int customer, int customers)
    {
        var persona = customer <= customers / 2 ? Personas[0] : Personas[1];
        return (persona.Id, persona.Agents[customer % 2]);
    }

    /// <summary>Groups are split between the personas like customers.</summary>
    public static int GroupOf(int customer, int customers, int groups)
    {
        var half = Math.Max(1, groups / 2);
        var firstHalf = customer <= customers / 2;
        return (firstHalf ? 0 : half) + (customer % half) + 1;
    }
}
