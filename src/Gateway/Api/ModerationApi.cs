using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Grains.Groups.Moderation;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// A tenant's group anti-harassment policy (群防骚扰) with the tenant key: read it (the built-in default until set) and
/// replace it. A bad document is a 400 naming every problem by JSON path and changes nothing.
/// </summary>
public static class ModerationApi
{
    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        var policy = app.MapGroup("/api/v1/tenants/{tenantId}/groups/moderation-policy").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        policy.MapGet("", GetAsync).WithName("GetModerationPolicy")
            .WithSummary("The tenant's group moderation policy as canonical JSON (version 0: the built-in default, never set); ETag is the version.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        policy.MapPut("", PutAsync).WithName("PutModerationPolicy")
            .WithSummary("Replace the group moderation policy; 400 names every problem by JSON path, 409 when the body's version is stale.")
            .Accepts<object>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<ContentHttpResult> GetAsync(string tenantId, IGrainFactory grains, HttpResponse response) =>
        Document(response, await grains.GetGrain<IModerationPolicyGrain>(tenantId).GetAsync());

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> PutAsync(
        string tenantId, HttpRequest request, HttpResponse response, IGrainFactory grains, CancellationToken ct)
    {
        if (!RequestBodies.IsJson(request))
            return Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the moderation policy as application/json.");
        var body = await RequestBodies.ReadUtf8Async(request, ModerationPolicyJson.MaxBytes, ct);
        if (body.TooLarge)
            return Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Policy too large", $"A moderation policy is at most {ModerationPolicyJson.MaxBytes / 1024} KiB.");
        if (body.Text is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body is not UTF-8 text."] }, title: "Not a moderation policy");
        var result = await grains.GetGrain<IModerationPolicyGrain>(tenantId).SetAsync(body.Text);
        return result.Error switch
        {
            null => Document(response, result.Policy),
            ModerationPolicyResult.Invalid => TypedResults.ValidationProblem(Problems.ByPath(result.Problems),
                detail: result.Message, title: "The moderation policy has problems"),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Stale version",
                Detail = result.Message,
                Extensions = { ["error"] = "staleVersion", ["currentVersion"] = result.Policy.Version },
            }),
        };
    }

    private static ContentHttpResult Document(HttpResponse response, ModerationPolicyDocument document)
    {
        response.Headers.ETag = $"\"{document.Version}\"";
        return TypedResults.Text(document.Json, "application/json", Encoding.UTF8);
    }
}
