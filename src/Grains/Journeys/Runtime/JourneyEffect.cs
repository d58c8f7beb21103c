using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Grains.Journeys.Runtime;

/// <summary>
/// Work the grain carries out after persisting the decision. <see cref="EffectId"/> is
/// <c>{instance id}:{step seq}:{step id}</c>: stable across redeliveries and replays, so executing an effect twice
/// (or feeding it to the cadence ledger twice) is detectable.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyEffect")]
public abstract record JourneyEffect(
    [property: Id(0)] string EffectId,
    [property: Id(1)] string JourneyId,
    [property: Id(2)] string InstanceId,
    [property: Id(3)] string StepId,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A message through the customer's persona; the grain passes it through the cadence ledger first.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneySendMessage")]
public sealed record SendMessageEffect(
    string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string? PersonaId,
    [property: Id(1)] MessageKind Kind,
    [property: Id(2)] MessageClass Class,
    [property: Id(3)] string? Text,
    [property: Id(4)] string? Title = null,
    [property: Id(5)] string? Url = null,
    [property: Id(6)] string? MediaUrl = null,
    [property: Id(7)] string? MaterialId = null,
    [property: Id(8)] string? AppId = null,
    [property: Id(9)] string? Page = null) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

[GenerateSerializer, Immutable, Alias("pd.JourneyAddTag")]
public sealed record AddTagEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string Tag) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

[GenerateSerializer, Immutable, Alias("pd.JourneyRemoveTag")]
public sealed record RemoveTagEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string Tag) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

[GenerateSerializer, Immutable, Alias("pd.JourneySetProperty")]
public sealed record SetPropertyEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string Property, [property: Id(1)] string Value) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

[GenerateSerializer, Immutable, Alias("pd.JourneyCreateTask")]
public sealed record CreateTaskEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string Title, [property: Id(1)] string? Note, [property: Id(2)] DateTimeOffset DueAt)
    : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

[GenerateSerializer, Immutable, Alias("pd.JourneyNotifyAgent")]
public sealed record NotifyAgentEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string Title, [property: Id(1)] string? Body) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

/// <summary>Route the customer into a not-yet-full group of a live-code pool.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyAddToGroup")]
public sealed record AddToGroupEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string PoolId) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

/// <summary>The grain answers with a <see cref="StartJourney"/> command whose id is this effect id.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyStartJourney")]
public sealed record StartJourneyEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string TargetJourneyId) : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);

/// <summary>POST <see cref="PayloadJson"/> to <see cref="Url"/>, HMAC-signed with the secret named <see cref="SecretName"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.JourneyWebhook")]
public sealed record WebhookEffect(string EffectId, string JourneyId, string InstanceId, string StepId, DateTimeOffset At,
    [property: Id(0)] string Url, [property: Id(1)] string SecretName, [property: Id(2)] string PayloadJson)
    : JourneyEffect(EffectId, JourneyId, InstanceId, StepId, At);
