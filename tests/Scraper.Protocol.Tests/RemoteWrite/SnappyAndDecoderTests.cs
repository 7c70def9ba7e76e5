using Scraper.Protocol.Buffers;
using Scraper.Protocol.Model;
using Scraper.Protocol.RemoteWrite;
using Snappier;

namespace Scraper.Protocol.Tests.RemoteWrite;

public sealed class SnappyAndDecoderTests
{
    public static TheoryData<int> Sizes() => [0, 1, 31, 4096, 70_000, 1 << 20];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SnappyBlock_compressThenDecompress_returnsTheInput(int size)
    {
        var input = new byte[size];
        new Random(size).NextBytes(input.AsSpan(0, size / 2)); // half random, half zeros: both paths of the compressor
        using var compressed = new PooledBufferWriter(8);
        using var decompressed = new PooledBufferWriter(8);

        SnappyBlock.Compress(input, compressed);
        var ok = SnappyBlock.TryDecompress(compressed.WrittenSpan, int.MaxValue, decompressed, out var error);

        Assert.True(ok, error);
        Assert.Equal(input, decompressed.WrittenSpan.ToArray());
    }

    [Fact]
    public void SnappyBlock_compress_writesTheBlockFormatNotTheFramedFormat()
    {
        var input = "remote write remote write remote write"u8.ToArray();
        using var compressed = new PooledBufferWriter();

        SnappyBlock.Compress(input, compressed);

        // A block starts with the uncompressed length as a varint; a framed stream starts with the 0xff
        // stream identifier chunk "sNaPpY".
        Assert.Equal(input.Length, compressed.WrittenSpan[0]);
        Assert.Equal(input, Snappy.DecompressToArray(compressed.WrittenSpan));
    }

    [Fact]
    public void SnappyBlock_declaredLengthAboveLimit_isRejectedBeforeDecoding()
    {
        using var compressed = new PooledBufferWriter();
        SnappyBlock.Compress(new byte[10_000], compressed);
        using var output = new PooledBufferWriter();

        var ok = SnappyBlock.TryDecompress(compressed.WrittenSpan, 9_999, output, out var error);

        Assert.False(ok);
        Assert.Contains("10000", error, StringComparison.Ordinal);
        Assert.Contains("limit", error, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    public static TheoryData<byte[], string> CorruptBodies() => new()
    {
        { [], "empty body" },
        { [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "snappy" },   // length varint that never ends
        { [0x0a, 0x00, 0x01], "snappy" },                     // declares 10 bytes, literal of 1 then nothing
        { [0x05, 0x01, 0x02], "snappy" },                     // copy before any output
    };

    [Theory]
    [MemberData(nameof(CorruptBodies))]
    public void TryDecodeV1_corruptSnappy_returnsFalseWithReason(byte[] body, string expectedInReason)
    {
        var ok = RemoteWriteDecoder.TryDecodeV1(body, out var request, out var error);

        Assert.False(ok);
        Assert.Null(request);
        Assert.Contains(expectedInReason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeV2_snappyOfGarbageProtobuf_throwsDecodeExceptionNamingTheMessage()
    {
        // Field 5, length-delimited, claims 100 bytes but the message ends after 2.
        var garbage = Snappy.CompressToArray([0x2a, 0x64, 0x01, 0x02]);

        var ex = Assert.Throws<RemoteWriteDecodeException>(() => RemoteWriteDecoder.DecodeV2(garbage));

        Assert.Contains("io.prometheus.write.v2.Request", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeV1_snappyOfGarbageProtobuf_throwsDecodeExceptionNamingTheMessage()
    {
        var garbage = Snappy.CompressToArray([0x0a, 0x05, 0x0a]);

        var ex = Assert.Throws<RemoteWriteDecodeException>(() => RemoteWriteDecoder.DecodeV1(garbage));

        Assert.Contains("prometheus.WriteRequest", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string[], uint[], string> BadRefs() => new()
    {
        { ["", "__name__", "up"], [1u, 2u, 1u], "pairs" },
        { ["", "__name__", "up"], [1u, 3u], "outside the symbol table" },
        { ["", "__name__", "up"], [0u, 2u], "empty name" },
        { ["", "__name__", "up"], [1u, 0u], "empty value" },
        { ["", "__name__", "up", "x"], [1u, 2u, 1u, 3u], "more than once" },
    };

    [Theory]
    [MemberData(nameof(BadRefs))]
    public void TryResolveLabels_invalidRefs_returnsFalseWithReason(string[] symbols, uint[] refs, string expectedInReason)
    {
        var ok = RemoteWriteDecoder.TryResolveLabels(symbols, refs, out _, out var error);

        Assert.False(ok);
        Assert.Contains(expectedInReason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolveLabels_unsortedPairs_returnsSortedLabels()
    {
        var ok = RemoteWriteDecoder.TryResolveLabels(["", "job", "j", "__name__", "up"], [1u, 2u, 3u, 4u], out var labels, out _);

        Assert.True(ok);
        Assert.Equal(Labels.FromStrings("__name__", "up", "job", "j"), labels);
        Assert.Equal("__name__", labels[0].Name);
    }

    [Theory]
    [InlineData(RemoteWriteProtoMessage.V1WriteRequest)]
    [InlineData(RemoteWriteProtoMessage.V2Request)]
    public void RemoteWriteEncoder_encode_exposesTheCompressedBodyOfTheProtobufBytes(RemoteWriteProtoMessage message)
    {
        var batch = TestBatches.Fill(TestBatches.Build("many-series"));
        using var encoder = new RemoteWriteEncoder(initialCapacity: 16);
        using var protobuf = new PooledBufferWriter();
        _ = message == RemoteWriteProtoMessage.V1WriteRequest ? batch.EncodeV1(protobuf) : batch.EncodeV2(protobuf);

        var body = encoder.Encode(batch, message);

        Assert.Equal(encoder.Body.ToArray(), body.ToArray());
        Assert.Equal(body.Length, encoder.CompressedLength);
        Assert.Equal(protobuf.WrittenCount, encoder.UncompressedLength);
        Assert.Equal(protobuf.WrittenSpan.ToArray(), encoder.Uncompressed.ToArray());
        Assert.Equal(protobuf.WrittenSpan.ToArray(), Snappy.DecompressToArray(body.Span));
        Assert.True(body.Length < protobuf.WrittenCount, $"{body.Length} compressed bytes of {protobuf.WrittenCount}");
    }
}
