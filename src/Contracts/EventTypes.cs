namespace PrivateDomain.Contracts;

/// <summary>The event types the engine understands; anything else is rejected at the door.</summary>
public static class EventTypes
{
    public const string CustomerAdded = "customer.added";
    public const string CustomerRemoved = "customer.removed";
    public const string CustomerTagged = "customer.tagged";
    public const string ChatMessage = "chat.message";
    public const string PageView = "behavior.page_view";
    public const string MaterialOpen = "behavior.material_open";
    public const string Purchase = "behavior.purchase";
    public const string MemberJoined = "group.member_joined";
    public const string MemberLeft = "group.member_left";
    /// <summary>The customer read a campaign delivery (<c>data.deliveryId</c>).</summary>
    public const string MessageRead = "message.read";
    /// <summary>The customer clicked a link in a campaign delivery (<c>data.deliveryId</c>).</summary>
    public const string MessageClicked = "message.clicked";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        CustomerAdded, CustomerRemoved, CustomerTagged, ChatMessage, PageView, MaterialOpen, Purchase,
        MemberJoined, MemberLeft, MessageRead, MessageClicked,
    };
}
