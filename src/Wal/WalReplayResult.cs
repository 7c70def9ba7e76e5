namespace Scraper.Wal;

/// <summary>What replaying a WAL on open found and did.</summary>
public sealed record WalReplayResult
{
    /// <summary>Index of the checkpoint loaded, if any.</summary>
    public int? CheckpointIndex { get; init; }

    /// <summary>First segment replayed, if any.</summary>
    public int? FirstSegment { get; init; }

    /// <summary>Last segment found, if any.</summary>
    public int? LastSegment { get; init; }

    /// <summary>Records read (checkpoint and segments).</summary>
    public long Records { get; init; }

    /// <summary>Series entries read.</summary>
    public long Series { get; init; }

    /// <summary>Float samples read.</summary>
    public long Samples { get; init; }

    /// <summary>Histogram samples (integer and float) read.</summary>
    public long Histograms { get; init; }

    /// <summary>Samples whose series ref no series record introduced (Prometheus logs these as "non-existing series").</summary>
    public long SamplesOfUnknownSeries { get; init; }

    /// <summary>Records of a type replay does not know, skipped.</summary>
    public long UnknownRecords { get; init; }

    /// <summary>Torn or corrupt tails cut off.</summary>
    public IReadOnlyList<WalRepair> Repairs { get; init; } = [];

    /// <summary>Time the replay took.</summary>
    public TimeSpan Duration { get; init; }
}
