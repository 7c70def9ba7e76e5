using Scraper.Protocol.RemoteWrite;

namespace Scraper.TestSupport;

/// <summary>Posts an encoded remote-write body to a receiver as a sender must: with the spec's headers for its message.</summary>
public static class RemoteWriteClient
{
    /// <summary>
    /// POSTs <paramref name="snappyBody"/> (a snappy-compressed <paramref name="message"/>) to <paramref name="url"/>
    /// with Content-Type, Content-Encoding, X-Prometheus-Remote-Write-Version and User-Agent as remote write 1.0 and
    /// 2.0 require. The caller disposes the response.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, ReadOnlyMemory<byte> snappyBody,
        RemoteWriteProtoMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.RelativeOrAbsolute))
        {
            Content = new ReadOnlyMemoryContent(snappyBody),
        };
        request.Content.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ContentType, RemoteWriteHeaders.ContentTypeFor(message));
        request.Content.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ContentEncoding, RemoteWriteHeaders.SnappyEncoding);
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.Version, RemoteWriteHeaders.VersionFor(message));
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.UserAgent, RemoteWriteHeaders.UserAgentValue);
        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
