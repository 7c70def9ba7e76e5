namespace Scraper.Wal;

/// <summary>A repair made when opening: segment <paramref name="Segment"/> was cut at <paramref name="Offset"/>.</summary>
/// <param name="Segment">The segment that held the torn or corrupt record.</param>
/// <param name="Offset">Where that record started; the segment now ends here.</param>
/// <param name="BytesDropped">Bytes removed from the segment.</param>
/// <param name="Reason">What was wrong with the record.</param>
public sealed record WalRepair(int Segment, long Offset, long BytesDropped, string Reason);
