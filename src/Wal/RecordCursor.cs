using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Scraper.Wal;

/// <summary>
/// Reads the primitives of a record (big-endian fixed ints, Go varints, length-prefixed bytes) and throws
/// <see cref="WalRecordException"/> naming the record type and byte index when the record ends early.
/// </summary>
internal ref struct RecordCursor
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _pos;

    public RecordCursor(ReadOnlySpan<byte> data, int start, string what)
    {
        _data = data;
        _pos = start;
        _what = what;
    }

    public readonly int Remaining => _data.Length - _pos;

    public readonly int Position => _pos;

    public byte Byte()
    {
        if (_pos >= _data.Length)
        {
            throw Truncated("byte");
        }
        return _data[_pos++];
    }

    public ulong Be64()
    {
        if (_data.Length - _pos < 8)
        {
            throw Truncated("64-bit integer");
        }
        var v = BinaryPrimitives.ReadUInt64BigEndian(_data[_pos..]);
        _pos += 8;
        return v;
    }

    public long Be64Int64() => (long)Be64();

    public double Be64Double() => BitConverter.UInt64BitsToDouble(Be64());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Uvarint()
    {
        if (_pos < _data.Length && _data[_pos] < 0x80)
        {
            return _data[_pos++];
        }
        return UvarintSlow();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Varint() => Wal.Varint.ZigZagDecode(Uvarint());

    public int UvarintInt(string field)
    {
        var v = Uvarint();
        if (v > int.MaxValue)
        {
            throw Error($"{field} {v} is too large");
        }
        return (int)v;
    }

    /// <summary>A uvarint length followed by that many bytes.</summary>
    public ReadOnlySpan<byte> UvarintBytes()
    {
        var len = Uvarint();
        if (len > (ulong)Remaining)
        {
            throw Error($"string of {len} bytes at byte {_pos} runs past the end of the record");
        }
        var s = _data.Slice(_pos, (int)len);
        _pos += (int)len;
        return s;
    }

    private ulong UvarintSlow()
    {
        var n = Wal.Varint.TryReadUvarint(_data[_pos..], out var v);
        if (n == 0)
        {
            throw Truncated("varint");
        }
        if (n < 0)
        {
            throw Error($"varint at byte {_pos} overflows 64 bits");
        }
        _pos += n;
        return v;
    }

    public readonly WalRecordException Error(string reason) => new($"{_what} record: {reason}");

    private readonly WalRecordException Truncated(string what) =>
        Error(string.Create(CultureInfo.InvariantCulture, $"{what} at byte {_pos} runs past the end of the {_data.Length}-byte record"));
}
