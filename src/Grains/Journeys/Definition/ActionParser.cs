namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>Reads the <c>action</c> of an action step.</summary>
internal static class ActionParser
{
    public const int MaxTemplate = 4_000;

    private static readonly string[] Types =
        ["send_message", "add_tag", "remove_tag", "set_property", "create_task", "notify_agent", "add_to_group", "start_journey", "webhook"];

    public static JourneyAction Parse(Reader r, string journeyId)
    {
        if (!r.IsObject([.. AllFields])) return new AddTagAction("");
        var type = r.Discriminator(Types);
        switch (type)
        {
            case "send_message":
                return Message(r);
            case "add_tag":
                Only(r, type, "tag");
                return new AddTagAction(r.Tag("tag"));
            case "remove_tag":
                Only(r, type, "tag");
                return new RemoveTagAction(r.Tag("tag"));
            case "set_property":
            {
                Only(r, type, "property", "value");
                var property = r.PropertyName("property");
                var value = r.String("value", 1_000);
                Templates.Check(r, "value", value);
                return new SetPropertyAction(property, value);
            }
            case "create_task":
            {
                Only(r, type, "title", "note", "dueIn");
                var title = r.String("title", 200);
                Templates.Check(r, "title", title);
                var note = r.OptionalString("note", 2_000);
                Templates.Check(r, "note", note);
                return new CreateTaskAction(title, note, r.Duration("dueIn", required: true) ?? Durations.Min);
            }
            case "notify_agent":
            {
                Only(r, type, "title", "body");
                var title = r.String("title", 200);
                Templates.Check(r, "title", title);
                var body = r.OptionalString("body", 2_000);
                Templates.Check(r, "body", body);
                return new NotifyAgentAction(title, body);
            }
            case "add_to_group":
                Only(r, type, "pool");
                return new AddToGroupAction(r.Id("pool"));
            case "start_journey":
            {
                Only(r, type, "journey");
                var journey = r.Id("journey");
                if (journey.Length > 0 && journey == journeyId) r.Problem("journey", "a journey cannot start itself.");
                return new StartJourneyAction(journey);
            }
            case "webhook":
            {
                Only(r, type, "url", "secret");
                var url = r.String("url", 2_000);
                HttpsUrl(r, "url", url);
                return new WebhookAction(url, r.Id("secret"));
            }
            default:
                return new AddTagAction("");
        }
    }

    private static readonly string[] MessageFields = ["kind", "class", "template", "title", "url", "mediaUrl", "materialId", "appId", "page"];

    private static readonly string[] AllFields =
        ["type", .. MessageFields, "tag", "property", "value", "note", "dueIn", "body", "pool", "journey", "secret"];

    private static SendMessageAction Message(Reader r)
    {
        Only(r, "send_message", MessageFields);
        var kind = r.Enum<MessageKind>("kind");
        var @class = r.Enum<MessageClass>("class");
        // Each kind names what it needs; a field another kind needs is an error so nothing is silently dropped.
        string[] needs = kind switch
        {
            MessageKind.Text => ["template"],
            MessageKind.Image => ["mediaUrl"],
            MessageKind.Link => ["url", "title"],
            MessageKind.Material => ["materialId"],
            _ => ["appId", "page", "title"],
        };
        string[] allowed = kind switch
        {
            MessageKind.Text => ["template"],
            MessageKind.Image => ["mediaUrl", "template"],
            MessageKind.Link => ["url", "title", "template", "mediaUrl"],
            MessageKind.Material => ["materialId", "template"],
            _ => ["appId", "page", "title", "mediaUrl", "template"],
        };
        var kindName = kind.ToString().ToLowerInvariant();
        foreach (var field in MessageFields.Skip(2))
        {
            if (needs.Contains(field) && !r.Has(field)) r.Problem(field, $"is required for a '{kindName}' message.");
            else if (!allowed.Contains(field) && r.Has(field)) r.Problem(field, $"does not apply to a '{kindName}' message.");
        }
        var template = r.OptionalString("template", MaxTemplate);
        Templates.Check(r, "template", template);
        var title = r.OptionalString("title", 200);
        Templates.Check(r, "title", title);
        var url = r.OptionalString("url", 2_000);
        HttpsUrl(r, "url", url);
        var mediaUrl = r.OptionalString("mediaUrl", 2_000);
        HttpsUrl(r, "mediaUrl", mediaUrl);
        var page = r.OptionalString("page", 500);
        return new SendMessageAction(kind, @class, template, title, url, mediaUrl, r.OptionalId("materialId"), r.OptionalId("appId"), page);
    }

    /// <summary>Reports fields of the action object that belong to other action types.</summary>
    private static void Only(Reader r, string type, params string[] own)
    {
        foreach (var name in r.Element.EnumerateObject().Select(p => p.Name)
                     .Where(n => n != "type" && !own.Contains(n) && AllFields.Contains(n)).Order(StringComparer.Ordinal))
            r.Problem(name, $"does not apply to a '{type}' action.");
    }

    public static void HttpsUrl(Reader r, string field, string? url)
    {
        if (string.IsNullOrEmpty(url)) return;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
            r.Problem(field, "must be an absolute https:// URL.");
    }
}
