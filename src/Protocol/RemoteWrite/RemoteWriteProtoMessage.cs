namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The protobuf message a remote-write request carries; Prometheus's <c>remote_write.protobuf_message</c>
/// setting chooses it by its fully qualified name (see <see cref="RemoteWriteProtoMessages"/>).
/// </summary>
public enum RemoteWriteProtoMessage
{
    /// <summary><c>prometheus.WriteRequest</c>, Remote-Write 1.0 (the default, and what every receiver accepts).</summary>
    V1WriteRequest = 1,

    /// <summary><c>io.prometheus.write.v2.Request</c>, Remote-Write 2.0.</summary>
    V2Request = 2,
}
