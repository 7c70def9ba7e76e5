using Snappier;

namespace Scraper.Wal.Tests;

/// <summary>Record payloads with a chosen stored (post-compression) size, and WAL helpers shared by the tests.</summary>
internal static class WalTestData
{
    /// <summary>Random bytes: snappy cannot shrink them, so they are stored as they are even with compression on.</summary>
    public static byte[] Incompressible(int length, int seed = 1)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        b[0] = 0x7f; // not a record type, irrelevant to framing
        return b;
    }

    /// <summary>
    /// A record whose stored size is exactly <paramref name="storedSize"/>: with <paramref name="compress"/> its snappy
    /// encoding has that size (a run of zeros followed by random bytes, length searched), else it is that long.
    /// </summary>
    public static byte[] WithStoredSize(int storedSize, bool compress, int seed = 1)
    {
        if (!compress)
        {
            return Incompressible(storedSize, seed);
        }
        var zeros = Math.Clamp(storedSize, 64, 8192);
        for (var s = seed; s < seed + 50; s++)
        {
            var tail = Incompressible(storedSize + 64, s);
            var baseline = Snappy.CompressToArray(new byte[zeros]).Length;
            for (var r = Math.Max(0, storedSize - baseline - 200); r <= storedSize; r++)
            {
                var data = new byte[zeros + r];
                tail.AsSpan(0, r).CopyTo(data.AsSpan(zeros));
                var n = Snappy.CompressToArray(data).Length;
                if (n == storedSize && n < data.Length)
                {
                    return data;
                }
                if (n > storedSize)
                {
                    break;
                }
            }
        }
        throw new InvalidOperationException($"no compressible payload with stored size {storedSize} found");
    }

    public static WalWriter OpenWriter(string dir, bool compress = true, int segmentSize = WalFormat.DefaultSegmentSize,
        WalSyncPolicy policy = WalSyncPolicy.Never, SeriesRefs? series = null, WalNotifier? notifier = null,
        TimeProvider? time = null, List<string>? log = null) =>
        WalWriter.Open(
            new WalWriterOptions
            {
                Directory = dir,
                Compress = compress,
                SegmentSize = segmentSize,
                SyncPolicy = policy,
                Notifier = notifier,
                TimeProvider = time ?? TimeProvider.System,
                Log = log is null ? null : (level, msg) => { lock (log) { log.Add($"{level}: {msg}"); } },
            },
            series);

    /// <summary>Every record from <paramref name="start"/> until the reader reports the end.</summary>
    public static List<(WalPosition Start, byte[] Record)> ReadAll(string dir, WalPosition start = default, WalReaderOptions? options = null)
    {
        using var reader = new WalReader(dir, start, options);
        var result = new List<(WalPosition, byte[])>();
        while (reader.Next() == WalReadStatus.Record)
        {
            result.Add((reader.RecordStart, reader.Record.ToArray()));
        }
        return result;
    }
}
