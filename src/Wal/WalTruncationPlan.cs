namespace Scraper.Wal;

/// <summary>
/// The part of a truncation that can run away from the writer's owner: which segments to checkpoint, which series
/// to keep (a copy), the cutoff. Made by <see cref="WalTruncator.Prepare"/>, consumed by
/// <see cref="WalTruncator.Checkpoint"/> and <see cref="WalTruncator.Complete"/>.
/// </summary>
public sealed record WalTruncationPlan
{
    /// <summary>The WAL directory.</summary>
    public required string Directory { get; init; }

    /// <summary>Cutoff: samples below it are dropped, series silent since before it were collected.</summary>
    public required long Mint { get; init; }

    /// <summary>First segment to checkpoint.</summary>
    public required int First { get; init; }

    /// <summary>Last segment to checkpoint; the checkpoint's index.</summary>
    public required int Last { get; init; }

    /// <summary>Series refs whose series records the checkpoint keeps.</summary>
    public required IReadOnlySet<ulong> KeepSeries { get; init; }

    /// <summary>Whether the checkpoint compresses its records.</summary>
    public required bool Compress { get; init; }
}
