using System.Globalization;

namespace Scraper.Wal;

/// <summary>
/// A place in the WAL: segment number and byte offset in that segment. As a reader position it names where
/// the next record starts; it is a plain value a watcher can persist and resume from exactly.
/// </summary>
/// <param name="Segment">Segment number (the file name <c>00000012</c> is segment 12).</param>
/// <param name="Offset">Byte offset inside the segment.</param>
public readonly record struct WalPosition(int Segment, long Offset) : IComparable<WalPosition>
{
    /// <summary>The start of segment <paramref name="segment"/>.</summary>
    public static WalPosition StartOf(int segment) => new(segment, 0);

    /// <summary>Orders by segment, then offset.</summary>
    public int CompareTo(WalPosition other)
    {
        var c = Segment.CompareTo(other.Segment);
        return c != 0 ? c : Offset.CompareTo(other.Offset);
    }

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(WalPosition left, WalPosition right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(WalPosition left, WalPosition right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is not after <paramref name="right"/>.</summary>
    public static bool operator <=(WalPosition left, WalPosition right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is not before <paramref name="right"/>.</summary>
    public static bool operator >=(WalPosition left, WalPosition right) => left.CompareTo(right) >= 0;

    /// <summary><c>00000012@4096</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{WalFormat.SegmentName(Segment)}@{Offset}");
}
