namespace Scraper.Wal;

/// <summary>A float native-histogram sample of the series with ref <paramref name="Ref"/>.</summary>
public readonly record struct RefFloatHistogramSample(ulong Ref, long T, WalFloatHistogram Histogram);
