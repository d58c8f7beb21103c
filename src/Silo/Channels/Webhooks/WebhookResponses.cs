using System.Net;
using System.Net.Http.Headers;

namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>How a webhook receiver's answer counts: 2xx sent; 408, 429 and 5xx worth retrying; any other status final.</summary>
public static class WebhookResponses
{
    public static ChannelSendResult Classify(HttpStatusCode status, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var code = (int)status;
        if (code is >= 200 and <= 299) return ChannelSendResult.Success;
        var error = $"HTTP {code}";
        return IsRetryable(code) ? ChannelSendResult.Transient(error, Delay(retryAfter, now)) : ChannelSendResult.Permanent(error);
    }

    public static bool IsRetryable(int status) => status is 408 or 429 or (>= 500 and <= 599);

    private static TimeSpan? Delay(RetryConditionHeaderValue? retryAfter, DateTimeOffset now) => retryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };
}
