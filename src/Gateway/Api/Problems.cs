using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace PrivateDomain.Gateway.Api;

/// <summary>The problem responses the API shares.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, string id) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"No such {what}",
        Detail = $"This tenant has no {what} '{Ingestion.EventBatchParser.Clip(id)}'.",
    });
}
