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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the cadence policy as application/json.");
        var body = await ReadAsync(request, ct);
        if (body.TooLarge)
            return Refuse(StatusCodes.Status413PayloadTooLarge, "Policy too large", $"A cadence policy is at most {CadencePolicyJson.MaxBytes / 1024} KiB.");
        if (body.Text is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["The body is not UTF-8 text."] }, title: "Not a cadence policy");
        var result = await grains.GetGrain<ICadencePolicyGrain>(tenantId).SetAsync(body.Text);
        return result.Error switch
        {
            null => Document(response, result.Policy),
            CadencePolicyError.Invalid => TypedResults.ValidationProblem(
                result.Problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
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

    private static async Task<(string? Text, bool TooLarge)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > CadencePolicyJson.MaxBytes) return (null, true);
        using var buffer = new MemoryStream();
        var chunk = new byte[4 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > CadencePolicyJson.MaxBytes) return (null, true);
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return (StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), false);
        }
        catch (DecoderFallbackException)
        {
            return (null, false);
        }
    }

    private static ProblemHttpResult Refuse(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
