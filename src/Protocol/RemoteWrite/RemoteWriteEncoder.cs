using Scraper.Protocol.Buffers;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// Turns a <see cref="RemoteWriteBatch"/> into a request body: protobuf, then one snappy block, both in pooled
/// buffers that are kept between calls, so a sender that reuses one encoder allocates nothing per request.
/// One per shard sender; not thread-safe.
/// </summary>
public sealed class RemoteWriteEncoder : IDisposable
{
    private readonly PooledBufferWriter _protobuf;
    private readonly PooledBufferWriter _compressed;

    /// <summary>Creates an encoder whose buffers start at <paramref name="initialCapacity"/> bytes and grow as needed.</summary>
    public RemoteWriteEncoder(int initialCapacity = 64 * 1024)
    {
        _protobuf = new PooledBufferWriter(initialCapacity);
        _compressed = new PooledBufferWriter(initialCapacity);
    }

    /// <summary>Length of the last body before compression (the protobuf message).</summary>
    public int UncompressedLength => _protobuf.WrittenCount;

    /// <summary>Length of the last body, compressed.</summary>
    public int CompressedLength => _compressed.WrittenCount;

    /// <summary>The last encoded body; valid until the next <see cref="Encode"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Body => _compressed.WrittenMemory;

    /// <summary>The protobuf bytes of the last body before compression; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Uncompressed => _protobuf.WrittenMemory;

    /// <summary>
    /// Encodes <paramref name="batch"/> as <paramref name="message"/> and compresses it. The returned memory is the
    /// body to POST (with <see cref="RemoteWriteHeaders"/>); it stays valid until the next call, so a sender keeps it
    /// for its retries and must not hand it to another actor.
    /// </summary>
    public ReadOnlyMemory<byte> Encode(RemoteWriteBatch batch, RemoteWriteProtoMessage message)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _protobuf.Reset();
        _compressed.Reset();
        switch (message)
        {
            case RemoteWriteProtoMessage.V1WriteRequest:
                batch.EncodeV1(_protobuf);
                break;
            case RemoteWriteProtoMessage.V2Request:
                batch.EncodeV2(_protobuf);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message, "unknown remote write protobuf message");
        }
        SnappyBlock.Compress(_protobuf.WrittenSpan, _compressed);
        return _compressed.WrittenMemory;
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        _protobuf.Dispose();
        _compressed.Dispose();
    }
}
