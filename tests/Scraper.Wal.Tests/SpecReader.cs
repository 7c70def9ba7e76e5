using System.Buffers.Binary;
using System.Text;
using Snappier;

namespace Scraper.Wal.Tests;

/// <summary>
/// A WAL reader written only from Prometheus's format documentation (tsdb/docs/format/wal.md) plus the two
/// corrections DESIGN.md records (deltas are signed varints; exemplars are type 4), sharing no code with
/// Scraper.Wal: its own CRC32-Castagnoli table, varints and record layout. If it reads what our writer wrote, the
/// writer follows the documentation, not merely our own reader.
/// </summary>
internal static class SpecReader
{
    public const int PageSize = 32768;

    private static readonly uint[] CrcTable = BuildTable();

    public sealed record Fragment(long Offset, int Type, bool Snappy, int Length);

    public sealed record Series(ulong Ref, List<(string Name, string Value)> Labels);

    public sealed record Sample(ulong Ref, long T, double V);

    /// <summary>Fragments of one segment file in order; throws on anything the documentation does not allow.</summary>
    public static List<Fragment> Fragments(string segmentPath) => Parse(File.ReadAllBytes(segmentPath), null);

    /// <summary>Records (decompressed) of the segments of a directory, in order.</summary>
    public static List<byte[]> Records(string directory)
    {
        var records = new List<byte[]>();
        foreach (var file in Directory.GetFiles(directory).Where(f => Path.GetFileName(f).All(char.IsAsciiDigit)).Order(StringComparer.Ordinal))
        {
            Parse(File.ReadAllBytes(file), records);
        }
        return records;
    }

    private static List<Fragment> Parse(byte[] bytes, List<byte[]>? records)
    {
        var fragments = new List<Fragment>();
        var pending = new List<byte>();
        var pendingSnappy = false;
        var inRecord = false;
        var off = 0;
        while (off < bytes.Length)
        {
            var inPage = off % PageSize;
            if (PageSize - inPage < 7 || bytes[off] == 0)
            {
                // "rest of page will be empty"
                var end = Math.Min(bytes.Length, off - inPage + PageSize);
                for (var i = off; i < end; i++)
                {
                    if (bytes[i] != 0)
                    {
                        throw new InvalidDataException($"non-zero padding at {i}");
                    }
                }
                off = end;
                continue;
            }
            var type = bytes[off] & 0x07;
            var snappy = (bytes[off] & 0x08) != 0;
            if (off + 7 > bytes.Length)
            {
                throw new InvalidDataException($"truncated header at {off}");
            }
            int len = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(off + 1));
            var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(off + 3));
            if (inPage + 7 + len > PageSize || off + 7 + len > bytes.Length)
            {
                throw new InvalidDataException($"fragment at {off} overruns its page or the file");
            }
            var data = bytes.AsSpan(off + 7, len);
            if (Crc(data) != crc)
            {
                throw new InvalidDataException($"bad CRC at {off}");
            }
            fragments.Add(new Fragment(off, type, snappy, len));
            switch (type)
            {
                case 1 when !inRecord:
                    Emit(records, data.ToArray(), snappy);
                    break;
                case 2 when !inRecord:
                    inRecord = true;
                    pendingSnappy = snappy;
                    pending.Clear();
                    pending.AddRange(data);
                    break;
                case 3 when inRecord:
                    pending.AddRange(data);
                    break;
                case 4 when inRecord:
                    pending.AddRange(data);
                    Emit(records, pending.ToArray(), pendingSnappy);
                    inRecord = false;
                    break;
                default:
                    throw new InvalidDataException($"fragment type {type} not allowed at {off}");
            }
            off += 7 + len;
        }
        if (inRecord)
        {
            throw new InvalidDataException("file ends inside a record");
        }
        return fragments;
    }

    private static void Emit(List<byte[]>? records, byte[] data, bool snappy) =>
        records?.Add(snappy && data.Length > 0 ? Snappy.DecompressToArray(data) : data);

    /// <summary>Series record per the documentation: type 1, then id (8 bytes) and labels (uvarint-prefixed strings).</summary>
    public static List<Series> DecodeSeries(byte[] rec)
    {
        if (rec[0] != 1)
        {
            throw new InvalidDataException("not a series record");
        }
        var result = new List<Series>();
        var p = 1;
        while (p < rec.Length)
        {
            var id = BinaryPrimitives.ReadUInt64BigEndian(rec.AsSpan(p));
            p += 8;
            var n = (int)Uvarint(rec, ref p);
            var labels = new List<(string, string)>();
            for (var i = 0; i < n; i++)
            {
                labels.Add((Str(rec, ref p), Str(rec, ref p)));
            }
            result.Add(new Series(id, labels));
        }
        return result;
    }

    /// <summary>Samples record per the documentation (with signed deltas): type 2, first id and timestamp, then rows.</summary>
    public static List<Sample> DecodeSamples(byte[] rec)
    {
        if (rec[0] != 2)
        {
            throw new InvalidDataException("not a samples record");
        }
        var result = new List<Sample>();
        if (rec.Length == 1)
        {
            return result;
        }
        var p = 1;
        var baseId = BinaryPrimitives.ReadInt64BigEndian(rec.AsSpan(p));
        var baseT = BinaryPrimitives.ReadInt64BigEndian(rec.AsSpan(p + 8));
        p += 16;
        while (p < rec.Length)
        {
            var dId = Zigzag(Uvarint(rec, ref p));
            var dT = Zigzag(Uvarint(rec, ref p));
            var v = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(rec.AsSpan(p)));
            p += 8;
            result.Add(new Sample((ulong)(baseId + dId), baseT + dT, v));
        }
        return result;
    }

    private static string Str(byte[] rec, ref int p)
    {
        var len = (int)Uvarint(rec, ref p);
        var s = Encoding.UTF8.GetString(rec, p, len);
        p += len;
        return s;
    }

    private static ulong Uvarint(byte[] b, ref int p)
    {
        ulong x = 0;
        var shift = 0;
        while (true)
        {
            var c = b[p++];
            x |= (ulong)(c & 0x7f) << shift;
            if (c < 0x80)
            {
                return x;
            }
            shift += 7;
        }
    }

    private static long Zigzag(ulong u) => (long)(u >> 1) ^ -(long)(u & 1);

    public static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xff] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        const uint poly = 0x82F63B78; // Castagnoli, reflected
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? poly ^ (c >> 1) : c >> 1;
            }
            t[i] = c;
        }
        return t;
    }
}
