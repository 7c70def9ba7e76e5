namespace Scraper.Actors.Configuration;

/// <summary>The remote-write message a <c>remote_write</c> entry sends (<c>protobuf_message</c>).</summary>
public enum RemoteWriteProtobufMessage
{
    /// <summary>Remote write 1.0: <c>prometheus.WriteRequest</c> (the default).</summary>
    V1,

    /// <summary>Remote write 2.0: <c>io.prometheus.write.v2.Request</c>.</summary>
    V2,
}
