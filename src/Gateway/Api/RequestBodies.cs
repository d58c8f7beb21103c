using System.Text;

namespace PrivateDomain.Gateway.Api;

/// <summary>
/// Request bodies read by hand rather than bound: the JSON media-type check, a size limit that also holds for chunked
/// bodies (which have no Content-Length), and strict UTF-8 decoding.
/// </summary>
public static class RequestBodies
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body, or null as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The body as text (<see cref="Text"/> null when it is not UTF-8), or <see cref="TooLarge"/>.</summary>
    public static async Task<(string? Text, bool TooLarge)> ReadUtf8Async(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (await ReadLimitedAsync(request, maxBytes, ct) is not { } body) return (null, true);
        try
        {
            return (StrictUtf8.GetString(body.Span), false);
        }
        catch (DecoderFallbackException)
        {
            return (null, false);
        }
    }
}
