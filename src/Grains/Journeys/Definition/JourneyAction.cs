using System.Text.Json.Serialization;

namespace PrivateDomain.Grains.Journeys.Definition;

/// <summary>What an action step does. Text fields marked as templates may hold <c>{{variables}}</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SendMessageAction), "send_message")]
[JsonDerivedType(typeof(AddTagAction), "add_tag")]
[JsonDerivedType(typeof(RemoveTagAction), "remove_tag")]
[JsonDerivedType(typeof(SetPropertyAction), "set_property")]
[JsonDerivedType(typeof(CreateTaskAction), "create_task")]
[JsonDerivedType(typeof(NotifyAgentAction), "notify_agent")]
[JsonDerivedType(typeof(AddToGroupAction), "add_to_group")]
[JsonDerivedType(typeof(StartJourneyAction), "start_journey")]
[JsonDerivedType(typeof(WebhookAction), "webhook")]
public abstract record JourneyAction;

public enum MessageKind { Text, Image, Link, Material, Miniprogram }

/// <summary>Marketing messages count against the cadence caps; service messages bypass the marketing caps.</summary>
public enum MessageClass { Marketing, Service }

/// <summary>
/// A message sent through the customer's persona. <see cref="Template"/> is the text (or caption) template;
/// image needs <see cref="MediaUrl"/>, link needs <see cref="Url"/> and <see cref="Title"/>, material needs
/// <see cref="MaterialId"/>, miniprogram needs <see cref="AppId"/>, <see cref="Page"/> and <see cref="Title"/>.
/// </summary>
public sealed record SendMessageAction(
    MessageKind Kind,
    MessageClass Class,
    string? Template,
    string? Title = null,
    string? Url = null,
    string? MediaUrl = null,
    string? MaterialId = null,
    string? AppId = null,
    string? Page = null) : JourneyAction;

public sealed record AddTagAction(string Tag) : JourneyAction;

public sealed record RemoveTagAction(string Tag) : JourneyAction;

/// <summary>Sets a customer property to a template-rendered string.</summary>
public sealed record SetPropertyAction(string Property, string Value) : JourneyAction;

/// <summary>A task in the owning agent's console, due <see cref="DueIn"/> after it is created.</summary>
public sealed record CreateTaskAction(
    string Title,
    string? Note,
    [property: JsonConverter(typeof(DurationConverter))] TimeSpan DueIn) : JourneyAction;

/// <summary>A live notification to the owning agent (no task to close).</summary>
public sealed record NotifyAgentAction(string Title, string? Body) : JourneyAction;

/// <summary>Routes the customer into a not-yet-full group of a live-code (群活码) pool.</summary>
public sealed record AddToGroupAction(string Pool) : JourneyAction;

public sealed record StartJourneyAction(string Journey) : JourneyAction;

/// <summary>POSTs the step's context to <see cref="Url"/>, signed with HMAC-SHA256 using the named secret (never the secret itself).</summary>
public sealed record WebhookAction(string Url, string Secret) : JourneyAction;
