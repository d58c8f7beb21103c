using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// Journey definitions with the tenant key: drafts (stored even with problems, which are listed by JSON path),
/// immutable published versions and the lifecycle draft → active ⇄ paused → archived.
/// </summary>
public static class JourneyApi
{
    /// <summary>A journey: its status, published versions and the draft with its problems.</summary>
    public sealed record JourneyResponse(
        string JourneyId, JourneyLifecycle Status, int? CurrentVersion, IReadOnlyList<JourneyVersionInfo> Versions, DraftResponse? Draft, DateTimeOffset? UpdatedAt);

    /// <summary>The draft as saved; it can be published only when <c>valid</c>.</summary>
    public sealed record DraftResponse(JsonElement Definition, bool Valid, IReadOnlyList<JourneyPathProblem> Problems);

    /// <summary>The answer of the validate endpoint.</summary>
    public sealed record ValidationResponse(bool Valid, IReadOnlyList<JourneyPathProblem> Problems);

    public static IEndpointRouteBuilder MapJourneyApi(this IEndpointRouteBuilder app)
    {
        var journeys = app.MapGroup("/api/v1/tenants/{tenantId}/journeys").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        journeys.MapGet("", ListAsync).WithName("ListJourneys").WithSummary("The tenant's journeys with status and current version.");
        journeys.MapPost("/validate", ValidateAsync).WithName("ValidateJourney").WithSummary("Validate a journey definition without storing it.")
            .Accepts<object>("application/json").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        journeys.MapGet("/{journeyId}", GetAsync).WithName("GetJourney").WithSummary("A journey, its published versions and its draft with problems.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        journeys.MapPut("/{journeyId}/draft", SaveDraftAsync).WithName("SaveJourneyDraft")
            .WithSummary("Save the next version's draft (created on first save); problems are listed, not refused.")
            .Accepts<object>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        journeys.MapDelete("/{journeyId}/draft", (string tenantId, string journeyId, IGrainFactory g) => CommandAsync(tenantId, journeyId, g, j => j.DiscardDraftAsync()))
            .WithName("DiscardJourneyDraft").WithSummary("Drop the draft.").WithCommandProblems();
        journeys.MapGet("/{journeyId}/versions/{version:int}", GetVersionAsync).WithName("GetJourneyVersion")
            .WithSummary("The definition of a published version, as canonical JSON; it never changes.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        journeys.MapGet("/{journeyId}/stats", GetStatsAsync).WithName("GetJourneyStats")
            .WithSummary("Analytics per version and step: entered, waiting now, exited by reason, converted, touches sent/deferred/dropped/skipped by cadence reason.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        journeys.MapPost("/{journeyId}/publish", (string tenantId, string journeyId, IGrainFactory g) => CommandAsync(tenantId, journeyId, g, j => j.PublishAsync()))
            .WithName("PublishJourney").WithSummary("Publish the draft as the next immutable version; 422 names every problem by path.")
            .WithCommandProblems().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        journeys.MapPost("/{journeyId}/pause", (string tenantId, string journeyId, IGrainFactory g) => CommandAsync(tenantId, journeyId, g, j => j.PauseAsync()))
            .WithName("PauseJourney").WithSummary("Stop new entries; customers inside keep their version.").WithCommandProblems();
        journeys.MapPost("/{journeyId}/resume", (string tenantId, string journeyId, IGrainFactory g) => CommandAsync(tenantId, journeyId, g, j => j.ResumeAsync()))
            .WithName("ResumeJourney").WithSummary("Let new customers enter the current version again.").WithCommandProblems();
        journeys.MapPost("/{journeyId}/archive", (string tenantId, string journeyId, IGrainFactory g) => CommandAsync(tenantId, journeyId, g, j => j.ArchiveAsync()))
            .WithName("ArchiveJourney").WithSummary("End the journey for good; its versions stay readable.").WithCommandProblems();
        app.MapConsoleJourneyApi(); // the same reads with the agent token, for the console
        return app;
    }

    private static RouteHandlerBuilder WithCommandProblems(this RouteHandlerBuilder b) =>
        b.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Ok<IReadOnlyList<JourneyDirectoryEntry>>> ListAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IJourneyDirectoryGrain>(tenantId).ListAsync());

    private static async Task<Results<Ok<ValidationResponse>, ValidationProblem, ProblemHttpResult>> ValidateAsync(HttpRequest request, CancellationToken ct)
    {
        var (json, refusal) = await ReadDefinitionAsync(request, ct);
        if (refusal is not null) return refusal;
        if (json is null) return NotUtf8();
        var problems = JourneyValidator.Validate(json).Problems.Select(p => new JourneyPathProblem(p.Path, p.Message)).ToList();
        return TypedResults.Ok(new ValidationResponse(problems.Count == 0, problems));
    }

    private static async Task<Results<Ok<JourneyResponse>, ProblemHttpResult>> GetAsync(string tenantId, string journeyId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(journeyId)) return Problems.NotFound("journey", journeyId);
        var view = await Journey(grains, tenantId, journeyId).GetAsync();
        return view.Exists ? TypedResults.Ok(Response(view)) : Problems.NotFound("journey", journeyId);
    }

    private static async Task<Results<Ok<JourneyResponse>, ValidationProblem, ProblemHttpResult>> SaveDraftAsync(
        string tenantId, string journeyId, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        if (!TenantKey.IsValidId(journeyId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["journeyId"] = ["Not a valid id: 1–64 letters, digits and _ . : @ -."] });
        var (json, refusal) = await ReadDefinitionAsync(request, ct);
        if (refusal is not null) return refusal;
        if (json is null) return NotUtf8();
        return Outcome(journeyId, await Journey(grains, tenantId, journeyId).SaveDraftAsync(json));
    }

    private static async Task<Results<Ok<JourneyResponse>, ValidationProblem, ProblemHttpResult>> CommandAsync(
        string tenantId, string journeyId, IGrainFactory grains, Func<IJourneyGrain, Task<JourneyCommandResult>> command)
    {
        if (!TenantKey.IsValidId(journeyId)) return Problems.NotFound("journey", journeyId);
        return Outcome(journeyId, await command(Journey(grains, tenantId, journeyId)));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetVersionAsync(string tenantId, string journeyId, int version, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(journeyId)) return Problems.NotFound("journey", journeyId);
        var doc = await Journey(grains, tenantId, journeyId).GetVersionAsync(version);
        return doc is null ? Problems.NotFound("journey version", $"{journeyId} v{version}") : TypedResults.Text(doc.Json, "application/json", Encoding.UTF8);
    }

    internal static async Task<Results<Ok<JourneyStatsView>, ProblemHttpResult>> GetStatsAsync(string tenantId, string journeyId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(journeyId)) return Problems.NotFound("journey", journeyId);
        var journey = await Journey(grains, tenantId, journeyId).GetAsync();
        if (!journey.Exists) return Problems.NotFound("journey", journeyId);
        var stats = await grains.GetGrain<IJourneyStatsGrain>(TenantKey.Compose(tenantId, journeyId)).GetAsync();
        // Every published version is listed, counted or not.
        var versions = stats.Versions.ToDictionary(v => v.Version);
        foreach (var v in journey.Versions)
            versions.TryAdd(v.Version, new JourneyVersionStats(v.Version, 0, 0, 0, [], []));
        return TypedResults.Ok(stats with { Versions = versions.Values.OrderBy(v => v.Version).ToList() });
    }

    private static IJourneyGrain Journey(IGrainFactory grains, string tenantId, string journeyId) =>
        grains.GetGrain<IJourneyGrain>(TenantKey.Compose(tenantId, journeyId));

    /// <summary>Request mistakes are 400, a refused transition or a stale version number 409, an invalid draft at publish 422.</summary>
    private static Results<Ok<JourneyResponse>, ValidationProblem, ProblemHttpResult> Outcome(string journeyId, JourneyCommandResult r) => r.Error switch
    {
        null => TypedResults.Ok(Response(r.Journey)),
        JourneyCommandError.NotFound => Problems.NotFound("journey", journeyId),
        JourneyCommandError.DraftNotJson => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [r.Message ?? ""] }, title: "Not a journey definition"),
        JourneyCommandError.WrongJourneyId => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [r.Message ?? ""] }, title: "Wrong journey id"),
        JourneyCommandError.InvalidDraft => TypedResults.Problem(new HttpValidationProblemDetails(Problems.ByPath(r.Problems))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The draft has problems",
            Detail = r.Message,
            Extensions = { ["error"] = Name(r.Error.Value) },
        }),
        { } e => TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Not allowed now",
            Detail = r.Message,
            Extensions = { ["error"] = Name(e) },
        }),
    };

    private static JourneyResponse Response(JourneyView v) => new(v.JourneyId, v.Status, v.CurrentVersion, v.Versions,
        v.DraftJson is null ? null : new DraftResponse(JsonSerializer.Deserialize<JsonElement>(v.DraftJson), v.DraftProblems.Count == 0, v.DraftProblems),
        v.UpdatedAt);

    private static string Name(JourneyCommandError e) => JsonNamingPolicy.CamelCase.ConvertName(e.ToString());

    /// <summary>The body as text, or a 415/413 problem; null text without a problem when it is not UTF-8.</summary>
    private static async Task<(string? Json, ProblemHttpResult? Refusal)> ReadDefinitionAsync(HttpRequest request, CancellationToken ct)
    {
        if (!RequestBodies.IsJson(request))
            return (null, Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the journey definition as application/json."));
        var (json, tooLarge) = await RequestBodies.ReadUtf8Async(request, JourneyValidator.MaxBytes, ct);
        return tooLarge
            ? (null, Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Definition too large", $"A journey definition is at most {JourneyValidator.MaxBytes / 1024} KiB."))
            : (json, null);
    }

    private static ValidationProblem NotUtf8() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body is not UTF-8 text."] }, title: "Not a journey definition");
}
