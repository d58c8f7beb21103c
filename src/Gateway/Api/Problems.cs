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

    public static ProblemHttpResult Refuse(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>Problems named by JSON path, as a validation problem's errors.</summary>
    public static Dictionary<string, string[]> ByPath(IEnumerable<Contracts.JourneyPathProblem> problems) =>
        problems.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
}
