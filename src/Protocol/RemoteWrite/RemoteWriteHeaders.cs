using System.Reflection;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The HTTP headers of a remote-write request and response, as the 1.0 and 2.0 specifications name them.
/// Every request carries <c>Content-Encoding</c>, <c>Content-Type</c>,
/// <c>X-Prometheus-Remote-Write-Version</c> and <c>User-Agent</c>.
/// </summary>
public static class RemoteWriteHeaders
{
    /// <summary>The <c>Content-Encoding</c> header name.</summary>
    public const string ContentEncoding = "Content-Encoding";

    /// <summary>The only encoding both specifications allow: snappy's block format.</summary>
    public const string SnappyEncoding = "snappy";

    /// <summary>The <c>Content-Type</c> header name.</summary>
    public const string ContentType = "Content-Type";

    /// <summary>The media type of every remote-write body.</summary>
    public const string ProtobufMediaType = "application/x-protobuf";

    /// <summary>Content type for 1.0; the 2.0 spec says to send it without <c>proto=</c> to 1.x receivers.</summary>
    public const string ContentTypeV1 = ProtobufMediaType;

    /// <summary>Content type for 2.0.</summary>
    public const string ContentTypeV2 = ProtobufMediaType + ";proto=" + RemoteWriteProtoMessages.V2Name;

    /// <summary>The version header name.</summary>
    public const string Version = "X-Prometheus-Remote-Write-Version";

    /// <summary>Version value a 1.x receiver must see, for backward compatibility.</summary>
    public const string Version1 = "0.1.0";

    /// <summary>Version value of a 2.0 request.</summary>
    public const string Version2 = "2.0.0";

    /// <summary>The <c>User-Agent</c> header name.</summary>
    public const string UserAgent = "User-Agent";

    /// <summary>The <c>Retry-After</c> response header name.</summary>
    public const string RetryAfter = "Retry-After";

    /// <summary>2.0 response header: count of samples the receiver wrote.</summary>
    public const string SamplesWritten = "X-Prometheus-Remote-Write-Samples-Written";

    /// <summary>2.0 response header: count of histogram samples the receiver wrote.</summary>
    public const string HistogramsWritten = "X-Prometheus-Remote-Write-Histograms-Written";

    /// <summary>2.0 response header: count of exemplars the receiver wrote.</summary>
    public const string ExemplarsWritten = "X-Prometheus-Remote-Write-Exemplars-Written";

    /// <summary>Product token of our user agent.</summary>
    public const string Product = "scraper";

    // Headers a user's remote_write.headers must not set, as Prometheus's config validation lists them
    // (lower case; Authorization has its own message there).
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "content-encoding", "content-length", "content-type", "user-agent", "connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
        "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
    };

    /// <summary>
    /// <c>scraper/&lt;informational version&gt;</c>, the RFC 9110 product token naming us and our build, sent as
    /// <c>User-Agent</c> (Prometheus sends <c>Prometheus/&lt;version&gt;</c>).
    /// </summary>
    public static string UserAgentValue { get; } = Product + "/" + InformationalVersion();

    /// <summary>The <c>Content-Type</c> value for <paramref name="message"/>.</summary>
    public static string ContentTypeFor(RemoteWriteProtoMessage message) => message switch
    {
        RemoteWriteProtoMessage.V1WriteRequest => ContentTypeV1,
        RemoteWriteProtoMessage.V2Request => ContentTypeV2,
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "unknown remote write protobuf message"),
    };

    /// <summary>The <c>X-Prometheus-Remote-Write-Version</c> value for <paramref name="message"/>.</summary>
    public static string VersionFor(RemoteWriteProtoMessage message) => message switch
    {
        RemoteWriteProtoMessage.V1WriteRequest => Version1,
        RemoteWriteProtoMessage.V2Request => Version2,
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "unknown remote write protobuf message"),
    };

    /// <summary>
    /// True when a user-configured header would replace one the sender owns; such a configuration is rejected
    /// ("X is a reserved header. It must not be changed"). The 2.0 spec forbids letting users set them.
    /// </summary>
    public static bool IsReserved(string headerName)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        return Reserved.Contains(headerName);
    }

    private static string InformationalVersion()
    {
        var assembly = typeof(RemoteWriteHeaders).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        // A space or other non-token character would break the product token; the SDK's "+commit" suffix is fine.
        return string.IsNullOrWhiteSpace(version) || version.Contains(' ', StringComparison.Ordinal) ? "0.0.0" : version;
    }
}
