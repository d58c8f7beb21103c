using System.Security.Cryptography;
using System.Text;

namespace PrivateDomain.Silo.Channels.Webhooks;

/// <summary>
/// The webhook signature: <c>v1=</c> + lowercase hex of HMAC-SHA256, keyed with the secret's UTF-8 bytes, over
/// <c>{unix seconds}.{body}</c> (docs/journeys.md, "Outbound webhooks", has a receiver's check).
/// </summary>
public static class WebhookSignature
{
    public const string DeliveryHeader = "X-PD-Delivery";
    public const string TimestampHeader = "X-PD-Timestamp";
    public const string SignatureHeader = "X-PD-Signature";
    public const string Scheme = "v1=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>A receiver's check, in constant time: the header value matches the body and timestamp under the secret.</summary>
    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body)), Encoding.ASCII.GetBytes(signature));
}
