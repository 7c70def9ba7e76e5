namespace Scraper.Wal;

/// <summary>
/// A run of <paramref name="Length"/> consecutive native-histogram buckets starting <paramref name="Offset"/>
/// buckets after the end of the previous span (or at that index, for the first span).
/// </summary>
public readonly record struct HistogramSpan(int Offset, uint Length);
