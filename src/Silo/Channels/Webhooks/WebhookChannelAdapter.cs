using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using PrivateDomain.Contracts;
using PrivateDomain.Contracts.Grains;

namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>
/// Posts journey webhooks: the message text as the JSON body, signed with the tenant secret the message names
/// (<see cref="WebhookSignature"/>). Without that secret nothing is sent: the delivery fails, recorded. A delivery for a
/// customer that fails for good also lands on the customer's timeline and the owner's console.
/// </summary>
public sealed class WebhookChannelAdapter(
    IHttpClientFactory http, IWebhookSecrets secrets, IGrainFactory grains, IOptions<WebhookOptions> options, TimeProvider time)
    : IChannelAdapter, IDeliveryFailureListener
{
    public const string HttpClientName = "webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string Channel => WebhookDelivery.Channel;

    public async Task<ChannelSendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (Url(message.Target) is not { } url)
            return ChannelSendResult.Permanent(options.Value.AllowHttp ? "the URL is not an absolute http(s) URL" : "the URL is not an absolute https URL");
        if (message.SecretName is not { Length: > 0 } name)
            return ChannelSendResult.Permanent("the webhook names no secret");
        if (await secrets.GetAsync(message.TenantId, name, cancellationToken) is not { } secret)
            return ChannelSendResult.Permanent($"webhook secret '{name}' does not exist; not sent unsigned");

        var body = Encoding.UTF8.GetBytes(message.Text);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add(WebhookSignature.DeliveryHeader, message.DeliveryId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return WebhookResponses.Classify(response.StatusCode, response.Headers.RetryAfter, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelSendResult.Transient($"timed out after {options.Value.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return ChannelSendResult.Transient($"connection failed: {ex.Message}");
        }
    }

    public Task DeliveryFailedAsync(OutboxMessage message, int attempts, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        message.CustomerId is not { Length: > 0 } customer
            ? Task.CompletedTask
            : grains.GetGrain<ICustomerGrain>(TenantKey.Compose(message.TenantId, customer))
                .RecordOutcomeAsync(WebhookOutcomes.Failed(message, error, at)).WaitAsync(cancellationToken);

    private Uri? Url(string? target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttp))
            ? url
            : null;
}
