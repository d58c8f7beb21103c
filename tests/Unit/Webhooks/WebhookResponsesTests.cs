using System.Net;
using System.Net.Http.Headers;
using PrivateDomain.Silo.Channels.Webhooks;

namespace PrivateDomain.Tests.Unit.Webhooks;

public sealed class WebhookResponsesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200, true, false)]
    [InlineData(202, true, false)]
    [InlineData(204, true, false)]
    [InlineData(408, false, true)]
    [InlineData(429, false, true)]
    [InlineData(500, false, true)]
    [InlineData(502, false, true)]
    [InlineData(503, false, true)]
    [InlineData(301, false, false)]
    [InlineData(400, false, false)]
    [InlineData(401, false, false)]
    [InlineData(404, false, false)]
    [InlineData(410, false, false)]
    [InlineData(422, false, false)]
    public void Status_decides_sent_retry_or_final_failure(int status, bool sent, bool retryable)
    {
        var result = WebhookResponses.Classify((HttpStatusCode)status, null, Now);

        Assert.Equal((sent, retryable), (result.Sent, result.Retryable));
        if (!sent) Assert.Equal($"HTTP {status}", result.Error);
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_a_date()
    {
        var seconds = WebhookResponses.Classify(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(90)), Now);
        var date = WebhookResponses.Classify(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddMinutes(5)), Now);

        Assert.Equal(TimeSpan.FromSeconds(90), seconds.RetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), date.RetryAfter);
    }
}
