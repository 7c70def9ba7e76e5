namespace Scraper.Wal;

/// <summary>
/// Go's <c>encoding/binary</c> varints: unsigned LEB128 and signed zig-zag. The WAL uses unsigned ones for
/// lengths and counts, signed ones for deltas.
/// </summary>
internal static class Varint
{
    /// <summary>Longest encoding of a 64-bit varint.</summary>
    public const int MaxLength = 10;

    public static int PutUvarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static int PutVarint(Span<byte> destination, long value) =>
        PutUvarint(destination, (ulong)(value << 1) ^ (ulong)(value >> 63));

    public static int UvarintSize(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>
    /// Reads an unsigned varint. Returns the bytes consumed, 0 when the input ends first, -1 when it
    /// overflows 64 bits (Go's <c>binary.Uvarint</c> contract).
    /// </summary>
    public static int TryReadUvarint(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (i == MaxLength - 1 && b > 1)
            {
                return -1;
            }
            if (b < 0x80)
            {
                value |= (ulong)b << shift;
                return i + 1;
            }
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        }
        return 0;
    }

    public static long ZigZagDecode(ulong u) => (long)(u >> 1) ^ -(long)(u & 1);
}
