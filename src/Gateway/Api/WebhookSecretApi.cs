using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// A tenant's named webhook signing secrets (journey <c>webhook</c> actions name one): set or rotate, delete, list.
/// Values go in and are never sent back.
/// </summary>
public static class WebhookSecretApi
{
    /// <summary>PUT body: the secret's value.</summary>
    public sealed record SecretRequest(string? Secret);

    public static IEndpointRouteBuilder MapWebhookSecretApi(this IEndpointRouteBuilder app)
    {
        var secrets = app.MapGroup("/api/v1/tenants/{tenantId}/webhook-secrets").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        secrets.MapGet("", ListAsync).WithName("ListWebhookSecrets").WithSummary("The tenant's webhook secrets by name, without their values.");
        secrets.MapPut("/{name}", PutAsync).WithName("PutWebhookSecret")
            .WithSummary("Create a webhook signing secret or rotate its value; the value is never returned.")
            .Accepts<SecretRequest>("application/json").ProducesValidationProblem();
        secrets.MapDelete("/{name}", DeleteAsync).WithName("DeleteWebhookSecret")
            .WithSummary("Delete a webhook secret; webhooks naming it then fail instead of being sent.").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<WebhookSecretInfo>>> ListAsync(string tenantId, IGrainFactory grains) =>
        TypedResults.Ok(await Secrets(grains, tenantId).ListAsync());

    private static async Task<Results<Ok<WebhookSecretInfo>, ValidationProblem>> PutAsync(
        string tenantId, string name, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TenantKey.IsValidId(name)) errors["name"] = ["Not a valid name: 1–64 letters, digits and _ . : @ -."];
        var secret = await ReadSecretAsync(request, errors, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await Secrets(grains, tenantId).SetAsync(name, secret!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string tenantId, string name, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(name)) return Problems.NotFound("webhook secret", name);
        return await Secrets(grains, tenantId).RemoveAsync(name) ? TypedResults.NoContent() : Problems.NotFound("webhook secret", name);
    }

    /// <summary>The body's <c>secret</c>, or null with the reason in <paramref name="errors"/>.</summary>
    private static async Task<string?> ReadSecretAsync(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        SecretRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<SecretRequest>(ct);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            errors["$"] = ["Send a JSON object {\"secret\": \"…\"} as application/json."];
            return null;
        }
        var secret = body?.Secret;
        if (secret is not { Length: >= WebhookDelivery.MinSecretLength and <= WebhookDelivery.MaxSecretLength })
            errors["secret"] = [$"Required: {WebhookDelivery.MinSecretLength}–{WebhookDelivery.MaxSecretLength} characters."];
        else if (secret.Any(char.IsControl))
            errors["secret"] = ["No control characters."];
        return errors.ContainsKey("secret") ? null : secret;
    }

    private static IWebhookSecretsGrain Secrets(IGrainFactory grains, string tenantId) => grains.GetGrain<IWebhookSecretsGrain>(tenantId);
}
