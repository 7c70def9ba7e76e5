using System.Buffers;

namespace Scraper.Wal;

/// <summary>
/// A growable byte buffer over <see cref="ArrayPool{T}"/>: the staging area for records being encoded and the
/// scratch space for decompression. One owner, reused across records; <see cref="Dispose"/> returns the array.
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledBuffer(int initialCapacity = 4096) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public byte[] Array => _array;

    public void Clear() => _length = 0;

    /// <summary>Sets the length after writing through <see cref="Array"/> or a span from <see cref="GetSpan"/>.</summary>
    public void SetLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        EnsureCapacity(length);
        _length = length;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_length + count > _array.Length)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        EnsureFree(data.Length);
        data.CopyTo(_array.AsSpan(_length));
        _length += data.Length;
    }

    public void WriteByte(byte value)
    {
        EnsureFree(1);
        _array[_length++] = value;
    }

    private void EnsureFree(int sizeHint) => EnsureCapacity(_length + Math.Max(sizeHint, 1));

    private void EnsureCapacity(int capacity)
    {
        if (capacity <= _array.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        var a = _array;
        _array = [];
        _length = 0;
        if (a.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(a);
        }
    }
}
