using System.Collections.Immutable;
using Scraper.Protocol.RemoteWrite;

namespace Scraper.Actors.RemoteWrite.Sending;

/// <summary>
/// Puts the headers of a remote-write POST on a request: the ones both specifications require
/// (<see cref="RemoteWriteHeaders"/>: Content-Encoding, Content-Type with <c>proto=</c> for 2.0, the version and
/// User-Agent), the endpoint's configured <c>headers</c> and the Authorization value. Configuration validation has
/// already refused configured headers that would replace a reserved one.
/// </summary>
internal static class RemoteWriteRequestHeaders
{
    /// <summary>The Authorization header name.</summary>
    public const string Authorization = "Authorization";

    /// <summary>Sets every header of <paramref name="request"/>, whose content must already be set.</summary>
    public static void Apply(HttpRequestMessage request, RemoteWriteProtoMessage message,
        ImmutableDictionary<string, string> configured, string? authorization)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(configured);
        var content = request.Content ?? throw new ArgumentException("the request has no content", nameof(request));
        // Without validation: the 2.0 content type ("application/x-protobuf;proto=io.prometheus.write.v2.Request")
        // must go out byte for byte, and receivers compare it as written.
        content.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ContentType, RemoteWriteHeaders.ContentTypeFor(message));
        content.Headers.TryAddWithoutValidation(RemoteWriteHeaders.ContentEncoding, RemoteWriteHeaders.SnappyEncoding);
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.Version, RemoteWriteHeaders.VersionFor(message));
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.UserAgent, RemoteWriteHeaders.UserAgentValue);
        foreach (var (name, value) in configured)
        {
            // A name .NET files under content headers (Content-Language, ...) is refused by request.Headers.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (authorization is not null)
        {
            request.Headers.Remove(Authorization);
            request.Headers.TryAddWithoutValidation(Authorization, authorization);
        }
    }
}
