using System.Buffers.Binary;
using System.Numerics;

namespace Scraper.Wal;

/// <summary>
/// CRC32 with the Castagnoli polynomial (CRC32-C), as Go's <c>crc32.MakeTable(crc32.Castagnoli)</c> computes it:
/// initial value and final xor 0xFFFFFFFF. <see cref="BitOperations.Crc32C(uint, ulong)"/> maps to the SSE4.2 /
/// ARMv8 instruction where there is one.
/// </summary>
internal static class Crc32Castagnoli
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return ~crc;
    }
}
