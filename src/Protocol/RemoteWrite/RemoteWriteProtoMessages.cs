using System.Diagnostics.CodeAnalysis;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The fully qualified protobuf message names that Prometheus uses both as the <c>protobuf_message</c> config
/// value and in the <c>proto=</c> parameter of the <c>Content-Type</c> header.
/// </summary>
public static class RemoteWriteProtoMessages
{
    /// <summary>The 1.0 message name.</summary>
    public const string V1Name = "prometheus.WriteRequest";

    /// <summary>The 2.0 message name.</summary>
    public const string V2Name = "io.prometheus.write.v2.Request";

    /// <summary>The message Prometheus uses when <c>protobuf_message</c> is not set.</summary>
    public const RemoteWriteProtoMessage Default = RemoteWriteProtoMessage.V1WriteRequest;

    /// <summary>The fully qualified name of <paramref name="message"/>.</summary>
    public static string Name(RemoteWriteProtoMessage message) => message switch
    {
        RemoteWriteProtoMessage.V1WriteRequest => V1Name,
        RemoteWriteProtoMessage.V2Request => V2Name,
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "unknown remote write protobuf message"),
    };

    /// <summary>
    /// Parses a <c>protobuf_message</c> value. The names are case-sensitive, as in Prometheus. On failure
    /// <paramref name="error"/> is Prometheus's wording: <c>unknown remote write protobuf message X, supported:
    /// prometheus.WriteRequest, io.prometheus.write.v2.Request</c>.
    /// </summary>
    public static bool TryParse(string? value, out RemoteWriteProtoMessage message, [NotNullWhen(false)] out string? error)
    {
        switch (value)
        {
            case V1Name:
                message = RemoteWriteProtoMessage.V1WriteRequest;
                error = null;
                return true;
            case V2Name:
                message = RemoteWriteProtoMessage.V2Request;
                error = null;
                return true;
            default:
                message = default;
                error = $"unknown remote write protobuf message {value}, supported: {V1Name}, {V2Name}";
                return false;
        }
    }
}
