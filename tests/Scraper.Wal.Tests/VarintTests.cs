namespace Scraper.Wal.Tests;

public class VarintTests
{
    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(-1L, new byte[] { 0x01 })]
    [InlineData(1L, new byte[] { 0x02 })]
    [InlineData(-64L, new byte[] { 0x7f })]
    [InlineData(64L, new byte[] { 0x80, 0x01 })]
    [InlineData(15000L, new byte[] { 0xb0, 0xea, 0x01 })]
    public void PutVarint_matchesGoZigZagEncoding(long value, byte[] expected)
    {
        Span<byte> buf = stackalloc byte[Varint.MaxLength];
        var n = Varint.PutVarint(buf, value);
        Assert.Equal(expected, buf[..n].ToArray());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(127UL)]
    [InlineData(128UL)]
    [InlineData(300UL)]
    [InlineData(ulong.MaxValue)]
    public void Uvarint_roundTrips(ulong value)
    {
        Span<byte> buf = stackalloc byte[Varint.MaxLength];
        var n = Varint.PutUvarint(buf, value);
        Assert.Equal(Varint.UvarintSize(value), n);
        Assert.Equal(n, Varint.TryReadUvarint(buf[..n], out var back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void TryReadUvarint_truncated_returnsZero()
    {
        Assert.Equal(0, Varint.TryReadUvarint([0x80, 0x80], out _));
    }

    [Fact]
    public void TryReadUvarint_elevenBytes_overflows()
    {
        byte[] tooLong = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        Assert.Equal(-1, Varint.TryReadUvarint(tooLong, out _));
    }
}
