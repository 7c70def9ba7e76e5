namespace Scraper.Wal;

/// <summary>What <see cref="WalReader.Next"/> found.</summary>
public enum WalReadStatus
{
    /// <summary>A complete record is in <see cref="WalReader.Record"/>.</summary>
    Record,

    /// <summary>
    /// Nothing more to read now. Live readers wait for the writer (see <see cref="WalNotifier"/>) and call again;
    /// for sealed readers and bounded ranges this is the end.
    /// </summary>
    EndOfData,

    /// <summary>
    /// The segment the reader is positioned in no longer exists while later ones do: truncation deleted it. The
    /// data between the position and the first remaining segment is gone except what the last checkpoint kept;
    /// restart from that checkpoint and the first remaining segment.
    /// </summary>
    SegmentTruncated,
}
