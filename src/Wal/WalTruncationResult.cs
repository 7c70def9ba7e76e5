namespace Scraper.Wal;

/// <summary>What a truncation did.</summary>
public sealed record WalTruncationResult
{
    /// <summary>The cutoff timestamp used.</summary>
    public long Mint { get; init; }

    /// <summary>Series dropped by garbage collection.</summary>
    public int SeriesCollected { get; init; }

    /// <summary>The segment started by the truncation.</summary>
    public int NewSegment { get; init; }

    /// <summary>The checkpoint written, or null when too few segments made one not worth it.</summary>
    public CheckpointStats? Checkpoint { get; init; }

    /// <summary>Segments below this number were deleted (null: none).</summary>
    public int? DeletedSegmentsBelow { get; init; }

    /// <summary>Time the truncation took.</summary>
    public TimeSpan Duration { get; init; }
}
