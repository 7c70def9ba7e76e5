namespace Scraper.Protocol.RemoteWrite;

/// <summary>A remote-write body that cannot be decoded: bad snappy block, bad protobuf, or bad symbol references.</summary>
public sealed class RemoteWriteDecodeException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public RemoteWriteDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the underlying failure.</summary>
    public RemoteWriteDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (serializers need it).</summary>
    public RemoteWriteDecodeException()
    {
    }
}
