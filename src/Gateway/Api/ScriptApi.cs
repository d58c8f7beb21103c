using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// A persona's script library (话术) with the tenant key: list, read, put by id with an optimistic version, delete.
/// Bad input is a 400 naming each field and changes nothing; a stale version is a 409.
/// </summary>
public static class ScriptApi
{
    public const int MaxBodyBytes = 32 * 1024;
    /// <summary>Who an edit through this API is recorded as.</summary>
    public const string ApiEditor = "api";

    /// <summary>PUT body: the script, and <c>version</c>: 0 to create only, n to replace version n, omitted to save regardless.</summary>
    public sealed record ScriptRequest(string? Name, string? Category, string? Text, string? ImageUrl, string? LinkUrl, string? LinkTitle,
        string? MaterialId, long? Version);

    public static IEndpointRouteBuilder MapScriptApi(this IEndpointRouteBuilder app)
    {
        var scripts = app.MapGroup("/api/v1/tenants/{tenantId}/personas/{personaId}/scripts").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        scripts.MapGet("", ListAsync).WithName("ListScripts").WithSummary("The persona's scripts (话术), by category then name.");
        scripts.MapGet("/{scriptId}", GetAsync).WithName("GetScript").WithSummary("One script.");
        scripts.MapPut("/{scriptId}", PutAsync).WithName("PutScript")
            .WithSummary("Create or replace a script; 400 names each bad field, 409 when the body's version is stale.")
            .Accepts<ScriptRequest>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        scripts.MapDelete("/{scriptId}", DeleteAsync).WithName("DeleteScript")
            .WithSummary("Delete a script; with ?version=n only if it is still version n (else 409).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<ScriptLibraryView>, ProblemHttpResult>> ListAsync(string tenantId, string personaId, IGrainFactory grains)
    {
        if (!await PersonaExistsAsync(grains, tenantId, personaId)) return Problems.NotFound("persona", personaId);
        return TypedResults.Ok(await Library(grains, tenantId, personaId).ListAsync());
    }

    private static async Task<Results<Ok<Script>, ProblemHttpResult>> GetAsync(string tenantId, string personaId, string scriptId, IGrainFactory grains)
    {
        if (!await PersonaExistsAsync(grains, tenantId, personaId)) return Problems.NotFound("persona", personaId);
        if (!TenantKey.IsValidId(scriptId)) return Problems.NotFound("script", scriptId);
        return await Library(grains, tenantId, personaId).GetAsync(scriptId) is { } script ? TypedResults.Ok(script) : Problems.NotFound("script", scriptId);
    }

    private static async Task<Results<Ok<Script>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string tenantId, string personaId, string scriptId, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        if (!RequestBodies.IsJson(request))
            return Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the script as application/json.");
        if (await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, ct) is not { } bytes)
            return Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A script is at most {MaxBodyBytes / 1024} KiB.");
        ScriptRequest? body;
        try
        {
            var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            body = JsonSerializer.Deserialize<ScriptRequest>(bytes.Span, json);
        }
        catch (JsonException ex)
        {
            return NotJson(ex.Path is { Length: > 1 } path ? $"Not valid here: {path}." : "Not a JSON object of the expected shape.");
        }
        if (body is null) return NotJson("The body is null.");
        if (!await PersonaExistsAsync(grains, tenantId, personaId)) return Problems.NotFound("persona", personaId);
        var draft = new ScriptDraft(body.Name, body.Category, body.Text, body.ImageUrl, body.LinkUrl, body.LinkTitle, body.MaterialId);
        return Answer(await Library(grains, tenantId, personaId).SaveAsync(scriptId, draft, body.Version, ApiEditor), scriptId);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string tenantId, string personaId, string scriptId, long? version, IGrainFactory grains)
    {
        if (!await PersonaExistsAsync(grains, tenantId, personaId)) return Problems.NotFound("persona", personaId);
        if (!TenantKey.IsValidId(scriptId)) return Problems.NotFound("script", scriptId);
        var result = await Library(grains, tenantId, personaId).DeleteAsync(scriptId, version, ApiEditor);
        return Answer(result, scriptId).Result switch
        {
            Ok<Script> => TypedResults.NoContent(),
            ValidationProblem v => v,
            ProblemHttpResult p => p,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
    }

    private static Results<Ok<Script>, ValidationProblem, ProblemHttpResult> Answer(ScriptChangeResult result, string scriptId) => result.Error switch
    {
        ScriptChangeError.None => TypedResults.Ok(result.Script!),
        ScriptChangeError.Invalid => TypedResults.ValidationProblem(
            result.Problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
            title: "The script has problems"),
        ScriptChangeError.NotFound => Problems.NotFound("script", scriptId),
        _ => TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Stale version",
            Detail = result.Script is { } s
                ? $"The script is at version {s.Version} (last edited by {s.UpdatedBy}); reload it and apply the change again."
                : "The script does not exist; send version 0 (or none) to create it.",
            Extensions = { ["error"] = "staleVersion", ["currentVersion"] = result.CurrentVersion },
        }),
    };

    private static ValidationProblem NotJson(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [message] }, title: "Not a valid body");

    private static async Task<bool> PersonaExistsAsync(IGrainFactory grains, string tenantId, string personaId) =>
        TenantKey.IsValidId(personaId) && (await grains.GetGrain<IPersonaGrain>(TenantKey.Compose(tenantId, personaId)).GetAsync()).Name is not null;

    private static IScriptLibraryGrain Library(IGrainFactory grains, string tenantId, string personaId) =>
        grains.GetGrain<IScriptLibraryGrain>(TenantKey.Compose(tenantId, personaId));
}
