namespace Scraper.Wal;

/// <summary>What a checkpoint kept and dropped (Prometheus's <c>CheckpointStats</c>).</summary>
public sealed record CheckpointStats
{
    /// <summary>The checkpoint's index: the last segment it covers.</summary>
    public int Index { get; init; }

    /// <summary>The checkpoint directory.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Series entries read.</summary>
    public long TotalSeries { get; init; }

    /// <summary>Series entries dropped (series neither live nor recently deleted).</summary>
    public long DroppedSeries { get; init; }

    /// <summary>Float and histogram samples read.</summary>
    public long TotalSamples { get; init; }

    /// <summary>Samples dropped (older than the cutoff).</summary>
    public long DroppedSamples { get; init; }

    /// <summary>Tombstones read.</summary>
    public long TotalTombstones { get; init; }

    /// <summary>Tombstones dropped.</summary>
    public long DroppedTombstones { get; init; }

    /// <summary>Exemplars read.</summary>
    public long TotalExemplars { get; init; }

    /// <summary>Exemplars dropped.</summary>
    public long DroppedExemplars { get; init; }

    /// <summary>Metadata entries read.</summary>
    public long TotalMetadata { get; init; }

    /// <summary>Metadata entries dropped (older entries of a series, or series not kept).</summary>
    public long DroppedMetadata { get; init; }
}
