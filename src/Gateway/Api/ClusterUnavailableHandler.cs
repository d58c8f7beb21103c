using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime.Messaging;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// A grain call that could not reach a silo is a 503 with Retry-After, not a 500: the cluster is moving grains off a
/// silo that died, or this gateway has no silo to talk to for the moment. The caller's retry is answered once it settles.
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsClusterUnavailable(exception)) return false;
        LogUnavailable(httpContext.Request.Path, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The engine is not answering",
                Detail = "A silo could not be reached (one may have just failed over). Retry shortly.",
            },
        });
    }

    /// <summary>Orleans' failures to deliver or answer a call: a rejected message, a lost connection, a response timeout.</summary>
    public static bool IsClusterUnavailable(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or ClientNotAvailableException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the cluster did not answer ({Error}: {Reason}); answered 503")]
    private partial void LogUnavailable(string path, string error, string reason);
}
