using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Grains.Cadence;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// A tenant's cadence (contact-pressure) policy with the tenant key: read it (the built-in default until set) and
/// replace it. A bad document is a 400 naming every problem by JSON path and changes nothing.
/// </summary>
public static class CadenceApi
{
    public static IEndpointRouteBuilder MapCadenceApi(this IEndpointRouteBuilder app)
    {
        var policy = app.MapGroup("/api/v1/tenants/{tenantId}/cadence-policy").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        policy.MapGet("", GetAsync).WithName("GetCadencePolicy")
            .WithSummary("The tenant's cadence policy as canonical JSON (version 0: the built-in default, never set); ETag is the version.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        policy.MapPut("", PutAsync).WithName("PutCadencePolicy")
            .WithSummary("Replace the cadence policy; 400 names every problem by JSON path, 409 when the body's version is stale.")
            .Accepts<object>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<ContentHttpResult> GetAsync(string tenantId, IGrainFactory grains, HttpResponse response) =>
        Document(response, await grains.GetGrain<ICadencePolicyGrain>(tenantId).GetAsync());

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> PutAsync(
        string tenantId, HttpRequest request, HttpResponse response, IGrainFactory grains, CancellationToken ct)
    {
        if (!RequestBodies.IsJson(request))
            return Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the cadence policy as application/json.");
        var body = await RequestBodies.ReadUtf8Async(request, CadencePolicyJson.MaxBytes, ct);
        if (body.TooLarge)
            return Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Policy too large", $"A cadence policy is at most {CadencePolicyJson.MaxBytes / 1024} KiB.");
        if (body.Text is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body is not UTF-8 text."] }, title: "Not a cadence policy");
        var result = await grains.GetGrain<ICadencePolicyGrain>(tenantId).SetAsync(body.Text);
        return result.Error switch
        {
            null => Document(response, result.Policy),
            CadencePolicyError.Invalid => TypedResults.ValidationProblem(
                Problems.ByPath(result.Problems),
                detail: result.Message, title: "The cadence policy has problems"),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Stale version",
                Detail = result.Message,
                Extensions = { ["error"] = "staleVersion", ["currentVersion"] = result.Policy.Version },
            }),
        };
    }

    private static ContentHttpResult Document(HttpResponse response, CadencePolicyDocument document)
    {
        response.Headers.ETag = $"\"{document.Version}\"";
        return TypedResults.Text(document.Json, "application/json", Encoding.UTF8);
    }
}
