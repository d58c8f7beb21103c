using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;
using PrivateDomain.Gateway.Auth;

namespace PrivateDomain.Gateway.Api;

/// <summary>Live-code group pools (群活码) with the tenant key: the pool, its groups, and their occupancy.</summary>
public static class GroupPoolApi
{
    public const int MaxTags = 20;
    public const int MaxTagLength = 64;
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>PUT body for a pool; omitted fields take their defaults.</summary>
    public sealed record PoolRequest(string? Name, string? OwnerPersonaId, bool? AutoOpen, int? NewGroupCap, int? MaxGroups,
        int? ReservationMinutes, IReadOnlyList<string?>? NewGroupTags, string? InviteText);

    /// <summary>PUT body for a group of a pool; omitted name, cap and owner keep the group's own.</summary>
    public sealed record PoolGroupRequest(string? Name, int? SizeCap, IReadOnlyList<string?>? Tags, string? OwnerPersonaId, string? InviteUrl);

    public static IEndpointRouteBuilder MapGroupPoolApi(this IEndpointRouteBuilder app)
    {
        var pools = app.MapGroup("/api/v1/tenants/{tenantId}/group-pools").AddEndpointFilter<TenantKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        pools.MapPut("/{poolId}", PutPoolAsync).WithName("PutGroupPool")
            .WithSummary("Create a live-code pool or replace its settings (its groups are kept).")
            .Accepts<PoolRequest>("application/json").ProducesValidationProblem().WithBodyProblems();
        pools.MapPut("/{poolId}/groups/{groupId}", PutGroupAsync).WithName("PutGroupPoolGroup")
            .WithSummary("Add a group to the pool or update it: interest tags, cap, owner, invite link.")
            .Accepts<PoolGroupRequest>("application/json").ProducesValidationProblem().WithBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        pools.MapGet("/{poolId}", GetAsync).WithName("GetGroupPool")
            .WithSummary("The pool with occupancy per group (members, reserved seats, free seats), its live codes and recent routing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static RouteHandlerBuilder WithBodyProblems(this RouteHandlerBuilder b) =>
        b.ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Ok<GroupPoolView>, ValidationProblem, ProblemHttpResult>> PutPoolAsync(
        string tenantId, string poolId, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var read = await ReadAsync<PoolRequest>(request, ct);
        if (read.Refusal is { } refusal) return refusal;
        if (read.Invalid is { } invalid) return invalid;
        var body = read.Value!;
        var errors = new Dictionary<string, string[]>();
        Id(poolId, "poolId", errors);
        if (body.Name is not { Length: >= 1 and <= 100 } || string.IsNullOrWhiteSpace(body.Name)) errors["name"] = ["Required, 1–100 characters."];
        if (body.OwnerPersonaId is not null) Id(body.OwnerPersonaId, "ownerPersonaId", errors);
        if (body.NewGroupCap is not (null or 200 or 500)) errors["newGroupCap"] = ["WeCom groups hold 200 or 500 members."];
        if (body.MaxGroups is < 1 or > 1000) errors["maxGroups"] = ["Between 1 and 1000."];
        if (body.ReservationMinutes is < 1 or > 10_080) errors["reservationMinutes"] = ["Between 1 and 10080 (7 days)."];
        var tags = Tags(body.NewGroupTags, "newGroupTags", errors);
        if (body.InviteText is { Length: > 500 }) errors["inviteText"] = ["At most 500 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var settings = new GroupPoolSettings(body.Name!, body.OwnerPersonaId, body.AutoOpen ?? false, body.NewGroupCap ?? 200, body.MaxGroups ?? 50,
            body.ReservationMinutes ?? 60, tags, body.InviteText);
        return TypedResults.Ok(await Pool(grains, tenantId, poolId).ConfigureAsync(settings));
    }

    private static async Task<Results<Ok<GroupPoolView>, ValidationProblem, ProblemHttpResult>> PutGroupAsync(
        string tenantId, string poolId, string groupId, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var read = await ReadAsync<PoolGroupRequest>(request, ct);
        if (read.Refusal is { } refusal) return refusal;
        if (read.Invalid is { } invalid) return invalid;
        var body = read.Value!;
        var errors = new Dictionary<string, string[]>();
        Id(groupId, "groupId", errors);
        if (body.Name is not null && (body.Name.Length is < 1 or > 100 || string.IsNullOrWhiteSpace(body.Name))) errors["name"] = ["1–100 characters."];
        if (body.SizeCap is not (null or 200 or 500)) errors["sizeCap"] = ["WeCom groups hold 200 or 500 members."];
        var tags = Tags(body.Tags, "tags", errors);
        if (body.OwnerPersonaId is not null) Id(body.OwnerPersonaId, "ownerPersonaId", errors);
        if (body.InviteUrl is not null && (body.InviteUrl.Length > 500 || !Uri.TryCreate(body.InviteUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps))
            errors["inviteUrl"] = ["An absolute https:// URL of at most 500 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!TenantKey.IsValidId(poolId)) return Problems.NotFound("group pool", poolId);
        var view = await Pool(grains, tenantId, poolId).PutGroupAsync(new PoolGroupSettings(groupId, body.Name, body.SizeCap, tags, body.OwnerPersonaId, body.InviteUrl));
        return view is null ? Problems.NotFound("group pool", poolId) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<GroupPoolView>, ProblemHttpResult>> GetAsync(string tenantId, string poolId, IGrainFactory grains)
    {
        if (!TenantKey.IsValidId(poolId)) return Problems.NotFound("group pool", poolId);
        var view = await Pool(grains, tenantId, poolId).GetAsync();
        return view.Exists ? TypedResults.Ok(view) : Problems.NotFound("group pool", poolId);
    }

    private sealed record Read<T>(T? Value, ProblemHttpResult? Refusal = null, ValidationProblem? Invalid = null);

    /// <summary>
    /// The JSON body, read here rather than bound, so that malformed JSON is a 400 naming <c>$</c> in every environment
    /// (bound bodies throw in Development), and a body over <see cref="MaxBodyBytes"/> a 413.
    /// </summary>
    private static async Task<Read<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!RequestBodies.IsJson(request))
            return new(null, Problems.Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json."));
        if (await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, ct) is not { } body)
            return new(null, Problems.Refuse(StatusCodes.Status413PayloadTooLarge, "Body too large", $"At most {MaxBodyBytes / 1024} KiB."));
        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, json) is { } value
                ? new(value)
                : new(null, Invalid: NotJson("The body is null."));
        }
        catch (JsonException ex)
        {
            return new(null, Invalid: NotJson(ex.Path is { Length: > 1 } path ? $"Not valid here: {path}." : "Not a JSON object of the expected shape."));
        }
    }

    private static ValidationProblem NotJson(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [message] }, title: "Not a valid body");

    private static ILiveCodePoolGrain Pool(IGrainFactory grains, string tenantId, string poolId) =>
        grains.GetGrain<ILiveCodePoolGrain>(TenantKey.Compose(tenantId, poolId));

    internal static List<string> Tags(IReadOnlyList<string?>? tags, string field, Dictionary<string, string[]> errors)
    {
        tags ??= [];
        if (tags.Count > MaxTags) errors[field] = [$"At most {MaxTags} tags."];
        for (var i = 0; i < tags.Count; i++)
            if (tags[i] is not { Length: >= 1 and <= MaxTagLength } t || string.IsNullOrWhiteSpace(t))
                errors[$"{field}[{i}]"] = [$"A tag is 1–{MaxTagLength} characters."];
        return tags.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Id(string id, string field, Dictionary<string, string[]> errors)
    {
        if (!TenantKey.IsValidId(id)) errors[field] = ["Not a valid id: 1–64 letters, digits and _ . : @ -."];
    }
}
