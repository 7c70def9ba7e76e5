namespace Scraper.Wal;

/// <summary>One float sample of the series with ref <paramref name="Ref"/>: millisecond timestamp and value.</summary>
/// <param name="Ref">Series ref, as assigned by the series record that introduced the series.</param>
/// <param name="T">Timestamp in milliseconds since the Unix epoch.</param>
/// <param name="V">The value; stale markers are the special NaN bit pattern, kept bit for bit.</param>
public readonly record struct RefSample(ulong Ref, long T, double V);
