using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;
using PrivateDomain.Grains.Groups.Cadence;
using PrivateDomain.Grains.Groups.Sop;

namespace PrivateDomain.Gateway.Api;

/// <summary>A group's SOP schedule (社群SOP) and its cadence, with the tenant key.</summary>
public static class GroupSopApi
{
    public const int MaxBodyBytes = 128 * 1024;

    /// <summary>PUT body: the SOP items (replacing all) and, optionally, the group's cadence (omitted keeps the current one).</summary>
    public sealed record SopRequest(IReadOnlyList<SopItemRequest?>? Items, CadenceRequest? Cadence);

    public sealed record SopItemRequest(string? Id, string? Kind, string? Text, string? Schedule, DateOnly? StartDate, DateOnly? EndDate,
        string? Keyword, IReadOnlyList<SopReward?>? Rewards);

    /// <summary>Omitted fields take the defaults (3 a day, quiet 22:00–08:00, Asia/Shanghai, 30 min apart, 24 h deferral).</summary>
    public sealed record CadenceRequest(int? MaxPostsPerDay, string? QuietStart, string? QuietEnd, string? TimeZone, int? MinGapMinutes,
        int? MaxDeferralHours);

    public static IEndpointRouteBuilder MapGroupSopApi(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/api/v1/tenants/{tenantId}/groups/{groupId}").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        groups.MapPut("/sop", PutAsync).WithName("PutGroupSop")
            .WithSummary("Replace the group's SOP items (daily/weekly posts at local times) and optionally its cadence.")
            .Accepts<SopRequest>("application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        groups.MapGet("/sop", GetAsync).WithName("GetGroupSop")
            .WithSummary("The group's SOP items, cadence and when the next item is due.").ProducesValidationProblem();
        return app;
    }

    private static async Task<Results<Ok<GroupSopView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string tenantId, string groupId, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        if (!RequestBodies.IsJson(request))
            return Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json.");
        if (await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, ct) is not { } raw)
            return Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Body too large", $"At most {MaxBodyBytes / 1024} KiB.");
        SopRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<SopRequest>(raw.Span, Json(request));
        }
        catch (JsonException ex)
        {
            return Invalid("$", ex.Path is { Length: > 1 } path ? $"Not valid here: {path}." : "Not a JSON object of the expected shape.");
        }
        if (!TenantKey.IsValidId(groupId)) return Invalid("groupId", "Not a valid id: 1–64 letters, digits and _ . : @ -.");
        if (body is null) return Invalid("$", "The body is null.");
        var items = body.Items?.Select(ToItem).ToList();
        if (SopCalendar.Validate(items) is { } bad) return Invalid(bad.Field, bad.Error);
        GroupCadenceSettings? cadence = null;
        if (body.Cadence is { } c)
        {
            var d = GroupCadenceSettings.Default;
            cadence = new GroupCadenceSettings(c.MaxPostsPerDay ?? d.MaxPostsPerDay, c.QuietStart ?? d.QuietStart, c.QuietEnd ?? d.QuietEnd,
                c.TimeZone ?? d.TimeZone, c.MinGapMinutes ?? d.MinGapMinutes, c.MaxDeferralHours ?? d.MaxDeferralHours);
            if (GroupCadence.Validate(cadence) is { } badCadence) return Invalid(badCadence.Field, badCadence.Error);
        }
        return TypedResults.Ok(await Group(grains, tenantId, groupId).SetSopAsync(items!, cadence));
    }

    private static async Task<Results<Ok<GroupSopView>, ValidationProblem>> GetAsync(string tenantId, string groupId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(groupId)) return Invalid("groupId", "Not a valid id: 1–64 letters, digits and _ . : @ -.");
        return TypedResults.Ok(await Group(grains, tenantId, groupId).GetSopAsync());
    }

    // Missing fields become empty values the validation names; a null item is an item with nothing set.
    private static SopItem ToItem(SopItemRequest? r) => new(r?.Id ?? "", r?.Kind ?? "", r?.Text ?? "", r?.Schedule ?? "", r?.StartDate, r?.EndDate,
        r?.Keyword, r?.Rewards?.Select(x => x ?? new SopReward(0, "")).ToList());

    private static IGroupScheduleGrain Group(IGrainFactory grains, string tenantId, string groupId) =>
        grains.GetGrain<IGroupScheduleGrain>(TenantKey.Compose(tenantId, groupId));

    private static JsonSerializerOptions Json(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    private static ValidationProblem Invalid(string field, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] });
}
