using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Scraper.Protocol.RemoteWrite;

/// <summary>
/// The few protobuf wire primitives the remote-write encoder needs, written straight into a span whose size the
/// caller has computed exactly. Sizes and bytes follow the rules of the generated code (proto3: a scalar equal to
/// its default is not written), so our output is byte-identical to <c>ToByteArray()</c> of the same message.
/// </summary>
internal static class ProtoWire
{
    /// <summary>Wire type 0: varint.</summary>
    public const int Varint = 0;

    /// <summary>Wire type 1: 64-bit little endian.</summary>
    public const int Fixed64 = 1;

    /// <summary>Wire type 2: length-delimited.</summary>
    public const int LengthDelimited = 2;

    /// <summary>The one-byte tag of field numbers 1..15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Tag(int field, int wireType) => (byte)((field << 3) | wireType);

    /// <summary>Bytes of <paramref name="value"/> as a varint (1..10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(ulong value) => ((9 * (64 - BitOperations.LeadingZeroCount(value))) + 64) / 64;

    /// <summary>Bytes of an int64 field value (negative numbers take 10 bytes, as the spec says).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(long value) => VarintSize((ulong)value);

    /// <summary>Bytes of a length-delimited field body of <paramref name="length"/> bytes, with tag and prefix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LengthDelimitedSize(int length) => 1 + VarintSize((ulong)length) + length;

    /// <summary>Bytes of a proto3 <c>double</c> field with a one-byte tag; zero is not written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DoubleFieldSize(double value) => value != 0d ? 9 : 0;

    /// <summary>Bytes of a proto3 <c>int64</c> field with a one-byte tag; zero is not written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Int64FieldSize(long value) => value != 0 ? 1 + VarintSize(value) : 0;

    /// <summary>Bytes of a proto3 <c>uint32</c>/enum field with a one-byte tag; zero is not written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UInt32FieldSize(uint value) => value != 0 ? 1 + VarintSize(value) : 0;

    /// <summary>UTF-8 byte count of <paramref name="s"/>; the ASCII case is a vectorized scan.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>Writes <paramref name="value"/> as a varint at <paramref name="pos"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteVarint(Span<byte> dst, ref int pos, ulong value)
    {
        while (value >= 0x80)
        {
            dst[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        dst[pos++] = (byte)value;
    }

    /// <summary>Writes a one-byte tag followed by a length prefix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteLengthPrefix(Span<byte> dst, ref int pos, int field, int length)
    {
        dst[pos++] = Tag(field, LengthDelimited);
        WriteVarint(dst, ref pos, (ulong)length);
    }

    /// <summary>Writes a proto3 <c>double</c> field unless it is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteDoubleField(Span<byte> dst, ref int pos, int field, double value)
    {
        if (value != 0d)
        {
            dst[pos++] = Tag(field, Fixed64);
            BinaryPrimitives.WriteDoubleLittleEndian(dst[pos..], value);
            pos += 8;
        }
    }

    /// <summary>Writes a proto3 <c>int64</c> field unless it is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteInt64Field(Span<byte> dst, ref int pos, int field, long value)
    {
        if (value != 0)
        {
            dst[pos++] = Tag(field, Varint);
            WriteVarint(dst, ref pos, (ulong)value);
        }
    }

    /// <summary>Writes a proto3 <c>uint32</c>/enum field unless it is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32Field(Span<byte> dst, ref int pos, int field, uint value)
    {
        if (value != 0)
        {
            dst[pos++] = Tag(field, Varint);
            WriteVarint(dst, ref pos, value);
        }
    }

    /// <summary>
    /// Copies an ASCII string into <paramref name="dst"/> (exactly its length) one byte per char; false when a
    /// char is not ASCII. Short strings, the usual label, go through a plain loop, which beats the vectorized
    /// <see cref="Ascii.FromUtf16"/> on its setup cost; longer ones use it.
    /// </summary>
    public static bool TryNarrowAscii(string value, Span<byte> dst)
    {
        if (value.Length >= 16)
        {
            return Ascii.FromUtf16(value, dst, out _) == OperationStatus.Done;
        }
        var src = value.AsSpan();
        dst = dst[..src.Length];
        var any = 0;
        for (var i = 0; i < src.Length; i++)
        {
            int c = src[i];
            any |= c;
            dst[i] = (byte)c;
        }
        return any < 0x80;
    }

    /// <summary>Size of a singular proto3 string field (skipped when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int StringFieldSize(int utf8Length) => utf8Length == 0 ? 0 : LengthDelimitedSize(utf8Length);
}
