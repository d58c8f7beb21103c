using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace PrivateDomain.Gateway.Auth;

/// <summary>Endpoint filter for tenant-key routes: a missing or wrong key is a 401 problem, before the body is read.</summary>
public sealed class TenantKeyFilter(TenantKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tenantId = http.GetRouteValue("tenantId") as string ?? "";
        if (!keys.Verify(tenantId, http.Request.Headers.Authorization))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "Send the tenant's API key as 'Authorization: Bearer <key>'.",
            });
        }
        return await next(context);
    }
}
