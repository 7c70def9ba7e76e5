using Scraper.Protocol.Buffers;

namespace Scraper.Protocol.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Grow_keepsContentAndResetKeepsCapacity()
    {
        using var writer = new PooledBufferWriter(16);
        var first = writer.GetSpan(10);
        "0123456789"u8.CopyTo(first);
        writer.Advance(10);

        var big = writer.GetSpan(100_000);
        big[0] = (byte)'X';
        writer.Advance(1);
        var capacity = writer.Capacity;
        writer.Reset();

        Assert.True(capacity >= 100_010);
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(capacity, writer.Capacity);
        Assert.Throws<InvalidOperationException>(() => writer.Advance(capacity + 1));
    }

    [Fact]
    public void GetSpan_beyondCapacity_keepsBytesWrittenBefore()
    {
        using var writer = new PooledBufferWriter(16);
        "0123456789"u8.CopyTo(writer.GetSpan(10));
        writer.Advance(10);

        writer.GetSpan(100_000);

        Assert.Equal("0123456789"u8.ToArray(), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Write_pastCapacity_appendsAfterWhatIsThere()
    {
        using var writer = new PooledBufferWriter(16);
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        writer.Write("ab"u8);
        writer.Write(data);
        writer.Write([]);

        Assert.Equal([(byte)'a', (byte)'b', .. data], writer.WrittenSpan.ToArray());
        Assert.Equal(writer.WrittenSpan.ToArray(), writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Use_afterDispose_throwsObjectDisposed()
    {
        var writer = new PooledBufferWriter(16);
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan(1));
        Assert.Throws<ObjectDisposedException>(() => writer.Write("x"u8));
    }
}
