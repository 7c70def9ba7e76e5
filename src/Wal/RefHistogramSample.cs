namespace Scraper.Wal;

/// <summary>An integer native-histogram sample of the series with ref <paramref name="Ref"/>.</summary>
public readonly record struct RefHistogramSample(ulong Ref, long T, WalHistogram Histogram);
