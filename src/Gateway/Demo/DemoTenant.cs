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

    public static string Customer(int i) => $"c{i:D4}";

    public static string Group(int i) => $"g{i:D2}";

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
