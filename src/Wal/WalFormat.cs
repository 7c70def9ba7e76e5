using System.Globalization;

namespace Scraper.Wal;

/// <summary>
/// Constants and names of Prometheus's wlog on-disk format (see FORMAT.md next to this file): numbered
/// segment files made of 32 KiB pages, each page holding record fragments behind a 7-byte header.
/// </summary>
public static class WalFormat
{
    /// <summary>Page size: records are split into fragments so none crosses a page boundary.</summary>
    public const int PageSize = 32 * 1024;

    /// <summary>Fragment header: type byte, big-endian 16-bit length, big-endian CRC32-Castagnoli of the data.</summary>
    public const int FragmentHeaderSize = 7;

    /// <summary>Largest data a single fragment can carry (a whole page minus its header).</summary>
    public const int MaxFragmentData = PageSize - FragmentHeaderSize;

    /// <summary>Prometheus's default segment size, 128 MiB; a segment is closed once the next record does not fit.</summary>
    public const int DefaultSegmentSize = 128 * 1024 * 1024;

    /// <summary>Prefix of checkpoint directories: <c>checkpoint.00000012</c>.</summary>
    public const string CheckpointPrefix = "checkpoint.";

    /// <summary>Suffix of a checkpoint directory still being written; such directories are deleted on open.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Bits 0-2 of the fragment type byte: the fragment type.</summary>
    internal const byte FragmentTypeMask = 0x07;

    /// <summary>Bit 3 of the fragment type byte: the record was snappy (block format) compressed before splitting.</summary>
    internal const byte SnappyFlag = 0x08;

    /// <summary>Bit 4 of the fragment type byte: the record was zstd compressed (newer Prometheus; we only recognise it).</summary>
    internal const byte ZstdFlag = 0x10;

    /// <summary>The file name of segment <paramref name="index"/>: eight decimal digits.</summary>
    public static string SegmentName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The path of segment <paramref name="index"/> in <paramref name="directory"/>.</summary>
    public static string SegmentPath(string directory, int index) => Path.Combine(directory, SegmentName(index));

    /// <summary>The path of checkpoint <paramref name="index"/> (the last segment it covers) in a WAL directory.</summary>
    public static string CheckpointPath(string walDirectory, int index) =>
        Path.Combine(walDirectory, CheckpointPrefix + SegmentName(index));
}

/// <summary>The fragment types of the type byte's low three bits.</summary>
internal enum FragmentType : byte
{
    /// <summary>Zero: the rest of the page is padding.</summary>
    PageTerm = 0,

    /// <summary>A whole record in one fragment.</summary>
    Full = 1,

    /// <summary>The first fragment of a record that continues on the next page(s).</summary>
    First = 2,

    /// <summary>A fragment between the first and the last.</summary>
    Middle = 3,

    /// <summary>The final fragment of a record.</summary>
    Last = 4,
}
