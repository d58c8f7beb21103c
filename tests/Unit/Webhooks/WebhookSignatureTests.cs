using System.Text;
using PrivateDomain.Silo.Channels.Webhooks;

namespace PrivateDomain.Tests.Unit.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_0123456789";
    private const long Timestamp = 1735689600;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"journey.webhook","deliveryId":"i1:3:hook"}""");

    [Fact]
    public void Signature_is_hex_hmac_sha256_of_timestamp_dot_body()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test_0123456789',
        //   b'1735689600.{\"type\":\"journey.webhook\",\"deliveryId\":\"i1:3:hook\"}', hashlib.sha256).hexdigest())"
        Assert.Equal("v1=01213c338faf9b2d4e5acc15b99a7d3c7f3af625cb0b17b2b2a1bf65953c3ded", WebhookSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void Verify_accepts_the_signature_and_refuses_any_change()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, Timestamp, Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, Timestamp + 1, Body, signature));
        Assert.False(WebhookSignature.Verify(Secret + "x", Timestamp, Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, Timestamp, Body.Append((byte)' ').ToArray(), signature));
        Assert.False(WebhookSignature.Verify(Secret, Timestamp, Body, null));
    }
}
