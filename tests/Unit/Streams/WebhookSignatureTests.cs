using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Streams.Webhook;

namespace AuditExplorer.Tests.Unit.Streams;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_under_the_secret_text()
    {
        var body = "[{\"seq\":1}]"u8.ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_test"), Encoding.UTF8.GetBytes("1764547200.[{\"seq\":1}]")));
        Assert.Equal(expected, WebhookSignature.Sign("whsec_test", 1764547200, body));
        Assert.True(WebhookSignature.Verify("whsec_test", "1764547200", expected, body));
        Assert.False(WebhookSignature.Verify("whsec_other", "1764547200", expected, body));
        Assert.False(WebhookSignature.Verify("whsec_test", "1764547201", expected, body));
    }
}
