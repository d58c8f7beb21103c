using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Grains.Journeys.Definition;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// Campaigns (群发) with the tenant key: create (idempotent PUT), read, list, pause/resume/cancel, per-group results, task
/// confirmation on an agent's behalf, and WeCom's mass-send confirmation callback (simulated channel). Agents confirm
/// from the console hub.
/// </summary>
public static class CampaignApi
{
    public const int MaxBodyBytes = 512 * 1024;
    public const int MaxListed = 200;

    /// <summary>PUT body; <c>conversionWindow</c> is a duration such as <c>7d</c> or <c>36h</c>.</summary>
    public sealed record CampaignBody(string? Name, CampaignAudience? Audience, CampaignMessage? Message, CampaignSchedule? Schedule, string? Channel,
        string? ConversionWindow);

    /// <summary>POST body of a task confirmation: the confirming agent.</summary>
    public sealed record ConfirmBody(string? AgentId);

    /// <summary>WeCom's notice that an agent sent (confirmed) a mass-send task in their client (JSON here; WeCom sends encrypted XML).</summary>
    public sealed record MassSendCallback(string? CampaignId, string? TaskId, string? UserId);

    public static IEndpointRouteBuilder MapCampaignApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenantId}").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesValidationProblem();
        tenant.MapPut("/campaigns/{campaignId}", PutAsync).WithName("PutCampaign").WithSummary("Create a campaign (the same spec again is accepted).");
        tenant.MapGet("/campaigns/{campaignId}", GetAsync).WithName("GetCampaign").WithSummary("A campaign with live counts and tasks.");
        tenant.MapGet("/campaigns", ListAsync).WithName("ListCampaigns").WithSummary("The tenant's campaigns, newest first.");
        tenant.MapPost("/campaigns/{campaignId}/pause", (string tenantId, string campaignId, IGrainFactory grains) =>
            ControlAsync(tenantId, campaignId, grains, c => c.PauseAsync("tenant-admin"))).WithName("PauseCampaign").WithSummary("Pause: queued deliveries wait.");
        tenant.MapPost("/campaigns/{campaignId}/resume", (string tenantId, string campaignId, IGrainFactory grains) =>
            ControlAsync(tenantId, campaignId, grains, c => c.ResumeAsync("tenant-admin"))).WithName("ResumeCampaign").WithSummary("Resume a paused campaign.");
        tenant.MapPost("/campaigns/{campaignId}/cancel", (string tenantId, string campaignId, IGrainFactory grains) =>
            ControlAsync(tenantId, campaignId, grains, c => c.CancelAsync("tenant-admin"))).WithName("CancelCampaign").WithSummary("Cancel unsent deliveries; quota and group slots are given back.");
        tenant.MapGet("/campaigns/{campaignId}/groups", GroupsAsync).WithName("GetCampaignGroups").WithSummary("Per-group results.");
        tenant.MapPost("/campaigns/{campaignId}/tasks/{taskId}/confirm", ConfirmAsync).WithName("ConfirmCampaignTask")
            .WithSummary("Confirm a mass-send task for the agent named in the body.");
        tenant.MapPost("/channels/wecom/mass-send-events", CallbackAsync).WithName("WeComMassSendEvent")
            .WithSummary("WeCom's notice (simulated channel) that an agent confirmed a mass-send task in their client.");
        return app;
    }

    private static async Task<IResult> PutAsync(string tenantId, string campaignId, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        if (!TenantKey.IsValidId(campaignId)) return Invalid("campaignId", "Not a valid id: 1–64 letters, digits and _ . : @ -.");
        if (!RequestBodies.IsJson(request))
            return Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json.");
        if (await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, ct) is not { } raw)
            return Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Body too large", $"At most {MaxBodyBytes / 1024} KiB.");
        CampaignBody? body;
        try
        {
            var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            body = JsonSerializer.Deserialize<CampaignBody>(raw.Span, json);
        }
        catch (JsonException ex)
        {
            return Invalid(ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "$", "Not valid JSON of the expected shape.");
        }
        if (body is null) return Invalid("$", "The body is null.");
        TimeSpan? window = null;
        if (body.ConversionWindow is { } text)
        {
            if (!Durations.TryParse(text, out var w)) return Invalid("conversionWindow", "A duration such as 7d, 36h or 1d12h.");
            window = w;
        }
        if (body.Audience is null) return Invalid("audience", "is required.");
        if (body.Message is null) return Invalid("message", "is required.");
        var spec = new CampaignSpec(body.Name ?? "", body.Audience, body.Message, body.Schedule, body.Channel, window);
        try
        {
            return TypedResults.Ok(await Campaign(grains, tenantId, campaignId).CreateAsync(spec, "tenant-admin"));
        }
        catch (ArgumentException ex)
        {
            return Invalid(ex.ParamName ?? "$", ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Refuse(StatusCodes.Status409Conflict, "Campaign exists", ex.Message);
        }
    }

    private static async Task<IResult> GetAsync(string tenantId, string campaignId, IGrainFactory grains) =>
        !TenantKey.IsValidId(campaignId) ? Problems.NotFound("campaign", campaignId)
        : await Campaign(grains, tenantId, campaignId).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("campaign", campaignId);

    private static async Task<IResult> ListAsync(string tenantId, string? personaId, int? limit, IGrainFactory grains)
    {
        if (personaId is not null && !TenantKey.IsValidId(personaId)) return Invalid("personaId", "Not a valid id.");
        if (limit is < 1 or > MaxListed) return Invalid("limit", $"Between 1 and {MaxListed}.");
        return TypedResults.Ok(await grains.GetGrain<ICampaignListGrain>(tenantId).ListAsync(personaId, limit ?? 50));
    }

    private static async Task<IResult> GroupsAsync(string tenantId, string campaignId, int? limit, IGrainFactory grains)
    {
        if (limit is < 1 or > 10_000) return Invalid("limit", "Between 1 and 10000.");
        if (!TenantKey.IsValidId(campaignId) || await Campaign(grains, tenantId, campaignId).GetAsync() is null) return Problems.NotFound("campaign", campaignId);
        return TypedResults.Ok(await Campaign(grains, tenantId, campaignId).GetGroupResultsAsync(limit ?? 500));
    }

    private static async Task<IResult> ConfirmAsync(string tenantId, string campaignId, string taskId, ConfirmBody? body, IGrainFactory grains)
    {
        if (body?.AgentId is not { } agentId || !TenantKey.IsValidId(agentId)) return Invalid("agentId", "The confirming agent's id is required.");
        return await ControlAsync(tenantId, campaignId, grains, c => c.ConfirmTaskAsync(taskId, agentId));
    }

    private static async Task<IResult> CallbackAsync(string tenantId, MassSendCallback? body, IGrainFactory grains)
    {
        if (body?.CampaignId is not { } campaignId || !TenantKey.IsValidId(campaignId)) return Invalid("campaignId", "The campaign id is required.");
        if (body.TaskId is not { } taskId || !TenantKey.IsValidId(taskId)) return Invalid("taskId", "The task id is required.");
        if (body.UserId is not { } userId || !TenantKey.IsValidId(userId)) return Invalid("userId", "The WeCom user (agent) id is required.");
        return await ControlAsync(tenantId, campaignId, grains, c => c.ConfirmTaskAsync(taskId, userId));
    }

    private static async Task<IResult> ControlAsync(string tenantId, string campaignId, IGrainFactory grains, Func<ICampaignGrain, Task<CampaignView>> action)
    {
        if (!TenantKey.IsValidId(campaignId)) return Problems.NotFound("campaign", campaignId);
        try
        {
            return TypedResults.Ok(await action(Campaign(grains, tenantId, campaignId)));
        }
        catch (KeyNotFoundException ex)
        {
            return Problems.Refuse(StatusCodes.Status404NotFound, "Not found", ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            return Problems.Refuse(StatusCodes.Status403Forbidden, "Not this agent's task", ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Refuse(StatusCodes.Status409Conflict, "Not possible now", ex.Message);
        }
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ICampaignGrain Campaign(IGrainFactory grains, string tenantId, string campaignId) =>
        grains.GetGrain<ICampaignGrain>(TenantKey.Compose(tenantId, campaignId));
}
